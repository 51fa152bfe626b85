// `sigv4 curl [options] URL`: sends a SigV4-signed request (see curl_command.cpp for the options).
#pragma once

#include <string>
#include <vector>

namespace sigv4::cli {

// Returns the exit code; throws UsageError (exit 2) or InputError (exit 1).
int run_curl(const std::vector<std::string>& args);

}  // namespace sigv4::cli
