// The credential scope string (SigV4 documentation, "Create a string to sign": the scope binds the
// signature to a date, region and service), written in one place for the signer (from its scope) and
// the verifier (from the scope a request claims). Internal to the library.
#pragma once

#include <string>
#include <string_view>

#include "string_writer.hpp"

namespace sigv4::detail {

// Replaces out with "DATE/REGION/SERVICE/aws4_request", or "DATE/SERVICE/aws4_request" without
// `with_region` (SigV4a's scope has no region). The parts are not checked here.
inline void write_credential_scope(std::string& out, std::string_view date, std::string_view region,
                                   std::string_view service, bool with_region) {
  constexpr std::string_view kTerminator = "/aws4_request";
  out.clear();
  StringWriter w(out, date.size() + 1 + region.size() + 1 + service.size() + kTerminator.size());
  w.put(date);
  w.put('/');
  if (with_region) {
    w.put(region);
    w.put('/');
  }
  w.put(service);
  w.put(kTerminator);
}

}  // namespace sigv4::detail
