// The bounded XML leaf reader used for STS answers and S3 error documents.
#include <gtest/gtest.h>

#include "sigv4/aws_xml.hpp"

using namespace sigv4;

TEST(AwsXml, LeavesWithTheirPathsInDocumentOrder) {
  const auto x = read_xml_leaves(
      "<?xml version=\"1.0\"?>\n<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
      "<AssumeRoleResult><Credentials><AccessKeyId>ASIA1</AccessKeyId><SessionToken>t</SessionToken></Credentials>"
      "</AssumeRoleResult></AssumeRoleResponse>");
  ASSERT_TRUE(x.ok()) << x.error;
  ASSERT_EQ(x.leaves.size(), 2u);
  EXPECT_EQ(x.leaves[0].path, "AssumeRoleResponse/AssumeRoleResult/Credentials/AccessKeyId");
  EXPECT_EQ(x.find("Credentials/AccessKeyId"), "ASIA1");
  EXPECT_EQ(x.find("AccessKeyId"), "ASIA1");
  EXPECT_FALSE(x.find("KeyId"));  // a suffix must start at a '/'
}

TEST(AwsXml, EntitiesCharacterReferencesAndCdataAreDecoded) {
  const auto x = read_xml_leaves("<E><M>a &amp; b &lt;c&gt; &quot;&apos; &#65;&#x42;&#xE9;</M><C><![CDATA[<raw&>]]></C></E>");
  ASSERT_TRUE(x.ok()) << x.error;
  EXPECT_EQ(x.find("M"), "a & b <c> \"' AB\xC3\xA9");
  EXPECT_EQ(x.find("C"), "<raw&>");
}

TEST(AwsXml, NamespacePrefixesAttributesCommentsAndSelfClosingTags) {
  const auto x = read_xml_leaves("<s:Error a=\"x>y\" b='1'><!-- c --><s:Code>Denied</s:Code><Empty/></s:Error>");
  ASSERT_TRUE(x.ok()) << x.error;
  EXPECT_EQ(x.find("Error/Code"), "Denied");
  EXPECT_EQ(x.find("Empty"), "");
}

TEST(AwsXml, MalformedDocumentsAreErrors) {
  for (const char* bad : {"", "text only", "<a>", "<a></b>", "<a>&unknown;</a>", "<a>&#0;</a>", "<a>&#xD800;</a>",
                          "<a></a><b></b>", "<a><!-- open", "<a><![CDATA[x</a>", "<a attr=\"x></a>", "<?xml",
                          "<a>&amp</a>", "</a>"})
    EXPECT_FALSE(read_xml_leaves(bad).ok()) << bad;
}

TEST(AwsXml, DoctypeIsRefusedSoNoEntityCanExpand) {
  EXPECT_FALSE(read_xml_leaves("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>").ok());
}

TEST(AwsXml, LimitsAreEnforced) {
  XmlLimits l;
  l.max_depth = 3;
  EXPECT_TRUE(read_xml_leaves("<a><b><c>x</c></b></a>", l).ok());
  EXPECT_FALSE(read_xml_leaves("<a><b><c><d>x</d></c></b></a>", l).ok());
  l = {};
  l.max_elements = 2;
  EXPECT_FALSE(read_xml_leaves("<a><b/><c/></a>", l).ok());
  l = {};
  l.max_bytes = 8;
  EXPECT_FALSE(read_xml_leaves("<a>123456</a>", l).ok());
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  EXPECT_FALSE(read_xml_leaves(deep).ok());  // bounded, no recursion
}
