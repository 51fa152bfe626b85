#include "sigv4/error.hpp"

namespace sigv4 {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_time: return "invalid_time";
    case ErrorCode::invalid_region: return "invalid_region";
    case ErrorCode::invalid_service: return "invalid_service";
    case ErrorCode::invalid_credentials: return "invalid_credentials";
    case ErrorCode::invalid_method: return "invalid_method";
    case ErrorCode::invalid_header_name: return "invalid_header_name";
    case ErrorCode::invalid_header_value: return "invalid_header_value";
    case ErrorCode::malformed_url: return "malformed_url";
    case ErrorCode::malformed_percent_escape: return "malformed_percent_escape";
    case ErrorCode::missing_host: return "missing_host";
    case ErrorCode::expires_out_of_range: return "expires_out_of_range";
    case ErrorCode::invalid_payload_hash: return "invalid_payload_hash";
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::io_error: return "io_error";
  }
  return "unknown";
}

}  // namespace sigv4
