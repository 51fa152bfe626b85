// sigv4-curl: the executable behind `sigv4 curl` (see ../cmd_curl.cpp for why it is separate).
// Exit codes as for sigv4: 0 success, 1 bad input, refused request or transport failure, 2 usage.
#include <iostream>
#include <string>
#include <vector>

#include "../args.hpp"
#include "curl_command.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    return sigv4::cli::run_curl(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const sigv4::cli::UsageError& e) {
    std::cerr << "sigv4 curl: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sigv4 curl: " << e.what() << "\n";
    return 1;
  }
}
