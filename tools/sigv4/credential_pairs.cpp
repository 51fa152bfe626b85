#include "credential_pairs.hpp"

#include <algorithm>
#include <fstream>

#include "args.hpp"

namespace sigv4::cli {

void add_credential_pairs(CredentialStore& store, std::string_view text, const std::string& usage) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find(',', start), text.size());
    const std::string_view pair = text.substr(start, end - start);
    const auto colon = pair.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == pair.size()) throw UsageError(usage);
    store.add(std::string(pair.substr(0, colon)), pair.substr(colon + 1));
    start = end + 1;
  }
}

void add_credentials_file(CredentialStore& store, const std::filesystem::path& path,
                          const std::string& usage) {
  std::ifstream in(path);
  if (!in) throw InputError("cannot read '" + path.string() + "'");
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    add_credential_pairs(store, line, usage);
  }
}

}  // namespace sigv4::cli
