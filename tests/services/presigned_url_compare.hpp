// Field-by-field comparison of two presigned URLs (or tokens): everything before '?', then every query
// parameter by name, so a failure names the field that differs, not just "the strings differ".
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "peer_process.hpp"

namespace peer {

inline void expect_same_presigned(const std::string& ours, const std::string& theirs) {
  SCOPED_TRACE("ours:   " + ours + "\ntheirs: " + theirs);
  EXPECT_EQ(ours.substr(0, ours.find('?')), theirs.substr(0, theirs.find('?'))) << "scheme, host or path";
  std::map<std::string, std::string> a, b;
  for (auto& [k, v] : query_params(ours)) EXPECT_TRUE(a.emplace(k, v).second) << "repeated " << k;
  for (auto& [k, v] : query_params(theirs)) b.emplace(k, v);
  for (const auto& [k, v] : b) {
    auto it = a.find(k);
    if (it == a.end()) {
      ADD_FAILURE() << "missing query parameter " << k;
      continue;
    }
    EXPECT_EQ(it->second, v) << "query parameter " << k;
  }
  for (const auto& [k, v] : a) EXPECT_TRUE(b.count(k)) << "extra query parameter " << k << "=" << v;
  ASSERT_TRUE(b.count("X-Amz-Signature")) << "the oracle's URL is not SigV4-presigned";
}

}  // namespace peer
