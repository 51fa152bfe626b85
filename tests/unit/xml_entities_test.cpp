// The library's one XML entity decoder (aws_xml.hpp, decode_xml_entities), in both modes: XML 1.0's
// predefined entities (section 4.6) and character references (section 4.1), code points that are not
// characters, and the UTF-8 of what was decoded. Expected UTF-8 comes from oracles independent of the
// decoder: the compiler's own encoding of u8"\U..." literals, and glibc's iconv for a sweep over the
// whole code space.
#include <gtest/gtest.h>
#include <iconv.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sigv4/aws_xml.hpp"

namespace {

using sigv4::decode_xml_entities;
using sigv4::XmlEntityMode;

std::string bytes(const char8_t* s) { return std::string(reinterpret_cast<const char*>(s)); }

std::string ref(std::uint32_t cp, bool hex) {
  char buf[32];
  std::snprintf(buf, sizeof buf, hex ? "&#x%X;" : "&#%u;", static_cast<unsigned>(cp));
  return buf;
}

// UTF-8 of UTF-32LE code points, by iconv.
std::string iconv_utf8(const std::vector<std::uint32_t>& cps) {
  iconv_t cd = iconv_open("UTF-8", "UTF-32LE");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string in(cps.size() * 4, '\0');
  for (std::size_t i = 0; i < cps.size(); ++i)
    for (int b = 0; b < 4; ++b)
      in[i * 4 + static_cast<std::size_t>(b)] = static_cast<char>((cps[i] >> (8 * b)) & 0xff);
  std::string out(cps.size() * 4, '\0');
  char* inp = in.data();
  char* outp = out.data();
  std::size_t in_left = in.size(), out_left = out.size();
  EXPECT_NE(iconv(cd, &inp, &in_left, &outp, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

TEST(XmlEntities, ThePredefinedEntitiesDecodeInBothModes) {
  for (auto mode : {XmlEntityMode::strict, XmlEntityMode::lenient})
    EXPECT_EQ(decode_xml_entities("a &amp; b &lt;c&gt; &quot;q&quot; &apos;s&apos;", mode),
              "a & b <c> \"q\" 's'");
}

TEST(XmlEntities, TextWithoutReferencesIsUnchanged) {
  EXPECT_EQ(decode_xml_entities("", XmlEntityMode::strict), "");
  EXPECT_EQ(decode_xml_entities("plain; text # x", XmlEntityMode::strict), "plain; text # x");
}

TEST(XmlEntities, DecimalAndHexReferencesWithAnyNumberOfDigits) {
  for (auto mode : {XmlEntityMode::strict, XmlEntityMode::lenient}) {
    EXPECT_EQ(decode_xml_entities("&#65;&#x42;&#x0043;&#0000000068;&#x6a;&#x6A;", mode), "ABCDjj");
    EXPECT_EQ(decode_xml_entities("&#10;&#9;&#13;", mode), "\n\t\r");
  }
}

TEST(XmlEntities, CodePointsAreEncodedAsUtf8AtEveryLengthBoundary) {
  // Expected bytes: the compiler's UTF-8 for the same code points.
  const struct {
    std::uint32_t cp;
    std::string utf8;
  } cases[] = {
      {0x7F, bytes(u8"\u007F")},        {0x80, bytes(u8"\u0080")},        {0xE9, bytes(u8"\u00E9")},
      {0x7FF, bytes(u8"\u07FF")},       {0x800, bytes(u8"\u0800")},       {0x20AC, bytes(u8"\u20AC")},
      {0xD7FF, bytes(u8"\uD7FF")},      {0xE000, bytes(u8"\uE000")},      {0xFFFD, bytes(u8"\uFFFD")},
      {0xFFFF, bytes(u8"\uFFFF")},      {0x10000, bytes(u8"\U00010000")}, {0x1F600, bytes(u8"\U0001F600")},
      {0x10FFFF, bytes(u8"\U0010FFFF")}};
  for (const auto& c : cases)
    for (bool hex : {false, true}) {
      EXPECT_EQ(decode_xml_entities(ref(c.cp, hex), XmlEntityMode::strict), c.utf8) << ref(c.cp, hex);
      EXPECT_EQ(decode_xml_entities(ref(c.cp, hex), XmlEntityMode::lenient), c.utf8) << ref(c.cp, hex);
    }
}

TEST(XmlEntities, EveryCharacterOfTheCodeSpaceMatchesIconv) {
  std::vector<std::uint32_t> cps;
  std::string text;
  for (std::uint32_t cp = 1; cp <= 0x10FFFF; cp += 13) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    cps.push_back(cp);
    text += ref(cp, cp % 2 == 0);
  }
  EXPECT_EQ(decode_xml_entities(text, XmlEntityMode::strict), iconv_utf8(cps));
}

// References that are not XML: strict refuses the whole text, lenient keeps them as written.
const char* const kMalformed[] = {"&#0;",
                                  "&#x0;",  // U+0000 is not a character
                                  "&#xD800;",
                                  "&#xDFFF;",
                                  "&#55296;",  // UTF-16 surrogates
                                  "&#x110000;",
                                  "&#1114112;",
                                  "&#99999999999999999999999;",
                                  "&#xFFFFFFFFFFFF;",  // above U+10FFFF
                                  "&#;",
                                  "&#x;",
                                  "&#12a;",
                                  "&#x4G;",
                                  "&#-1;",
                                  "&# 65;",
                                  "&#+65;",
                                  "&#x0x41;",
                                  "&#X41;",  // XML's hex form is "&#x" only
                                  "&nbsp;",
                                  "&AMP;",
                                  "&amp",
                                  "&#65",
                                  "&",
                                  "& amp;",
                                  "&a&amp;"};

TEST(XmlEntities, StrictRefusesMalformedReferences) {
  for (const char* bad : kMalformed) {
    EXPECT_EQ(decode_xml_entities(std::string("x") + bad + "y", XmlEntityMode::strict), std::nullopt) << bad;
    std::string out;
    EXPECT_FALSE(sigv4::append_xml_decoded(out, bad, XmlEntityMode::strict)) << bad;
  }
}

TEST(XmlEntities, LenientKeepsMalformedReferencesAsWritten) {
  for (const char* bad : kMalformed) {
    const std::string text = std::string("x") + bad + "y";
    if (std::string_view(bad) == "&#X41;" || std::string_view(bad) == "&a&amp;") continue;  // below
    EXPECT_EQ(decode_xml_entities(text, XmlEntityMode::lenient), text) << bad;
  }
  // Only the malformed part is kept; good references around it are decoded.
  EXPECT_EQ(decode_xml_entities("&a&amp;", XmlEntityMode::lenient), "&a&");
  EXPECT_EQ(decode_xml_entities("&bogus; &amp; &#65; &#x110000; &#66;", XmlEntityMode::lenient),
            "&bogus; & A &#x110000; B");
  // Upper-case X is not XML but unambiguous: lenient reads it.
  EXPECT_EQ(decode_xml_entities("&#X41;", XmlEntityMode::lenient), "A");
}

TEST(XmlEntities, AppendKeepsWhatWasAlreadyInTheOutput) {
  std::string out = "head:";
  ASSERT_TRUE(sigv4::append_xml_decoded(out, "&lt;tail&gt;", XmlEntityMode::strict));
  EXPECT_EQ(out, "head:<tail>");
}

TEST(XmlEntities, TheXmlReaderDecodesWithTheStrictMode) {
  const auto ok = sigv4::read_xml_leaves("<E><M>&#x20AC;&amp;</M></E>");
  ASSERT_TRUE(ok.ok()) << ok.error;
  EXPECT_EQ(ok.find("M"), bytes(u8"\u20AC") + "&");
  EXPECT_FALSE(sigv4::read_xml_leaves("<E><M>&#x110000;</M></E>").ok());
  EXPECT_FALSE(sigv4::read_xml_leaves("<E><M>&#X41;</M></E>").ok());
}

}  // namespace
