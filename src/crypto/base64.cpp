#include "sigv4/crypto/base64.hpp"

#include <array>

namespace sigv4::crypto {
namespace {

constexpr char kStandard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrlSafe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Reverse table of an alphabet: value 0..63, or -1.
constexpr std::array<std::int16_t, 256> reverse_of(const char (&alphabet)[65]) {
  std::array<std::int16_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int16_t>(i);
  return t;
}
constexpr auto kStandardReverse = reverse_of(kStandard);
constexpr auto kUrlSafeReverse = reverse_of(kUrlSafe);

void encode(std::span<const std::uint8_t> in, std::string& out, const char* alphabet, bool pad) {
  const std::size_t at = out.size();
  out.resize(at + (pad ? base64_encoded_size(in.size()) : base64url_encoded_size(in.size())));
  char* o = out.data() + at;
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const std::uint32_t v = std::uint32_t{in[i]} << 16 | std::uint32_t{in[i + 1]} << 8 | in[i + 2];
    *o++ = alphabet[v >> 18];
    *o++ = alphabet[(v >> 12) & 63];
    *o++ = alphabet[(v >> 6) & 63];
    *o++ = alphabet[v & 63];
  }
  const std::size_t rest = in.size() - i;
  if (rest == 0) return;
  const std::uint32_t v = std::uint32_t{in[i]} << 16 | (rest == 2 ? std::uint32_t{in[i + 1]} << 8 : 0);
  *o++ = alphabet[v >> 18];
  *o++ = alphabet[(v >> 12) & 63];
  if (rest == 2) *o++ = alphabet[(v >> 6) & 63];
  if (pad) {
    if (rest == 1) *o++ = '=';
    *o++ = '=';
  }
}

// Decodes `text` without padding (its length mod 4 must not be 1); unused low bits must be zero.
bool decode(std::string_view text, std::vector<std::uint8_t>& out, const std::array<std::int16_t, 256>& rev) {
  out.clear();
  if (text.size() % 4 == 1) return false;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = rev[static_cast<unsigned char>(c)];
    if (v < 0) {
      out.clear();
      return false;
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits));
      acc &= (1u << bits) - 1;
    }
  }
  if (acc != 0) {  // non-canonical: bits beyond the last byte set
    out.clear();
    return false;
  }
  return true;
}

}  // namespace

void base64_append(std::span<const std::uint8_t> in, std::string& out) { encode(in, out, kStandard, true); }
std::string base64(std::span<const std::uint8_t> in) {
  std::string s;
  base64_append(in, s);
  return s;
}
void base64url_append(std::span<const std::uint8_t> in, std::string& out) {
  encode(in, out, kUrlSafe, false);
}
std::string base64url(std::span<const std::uint8_t> in) {
  std::string s;
  base64url_append(in, s);
  return s;
}

bool base64_decode(std::string_view text, std::vector<std::uint8_t>& out) {
  out.clear();
  if (text.size() % 4 != 0) return false;
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = (text.size() >= 2 && text[text.size() - 2] == '=') ? 2 : 1;
  return decode(text.substr(0, text.size() - pad), out, kStandardReverse);
}

bool base64url_decode(std::string_view text, std::vector<std::uint8_t>& out) {
  return decode(text, out, kUrlSafeReverse);
}

}  // namespace sigv4::crypto
