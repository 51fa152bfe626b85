#include "sigv4/request.hpp"

#include <algorithm>

#include "sigv4/error.hpp"
#include "sigv4/url.hpp"

namespace sigv4 {

HttpRequest HttpRequest::from_url(std::string_view method, std::string_view url) {
  auto parsed = parse_url(url);
  if (!parsed)
    throw Error(ErrorCode::malformed_url,
                "malformed URL '" + std::string(url.substr(0, 200)) + "': expected http(s)://host[:port]/path[?query]");
  HttpRequest r;
  r.method = std::string(method);
  r.target = parsed->target;
  r.scheme = parsed->scheme;
  r.headers.push_back({"Host", parsed->host_header()});
  return r;
}

RequestView HttpRequest::view(std::vector<HeaderView>& storage) const {
  storage.clear();
  storage.reserve(headers.size());
  for (const auto& h : headers) storage.push_back({h.name, h.value});
  return RequestView{method, target, storage, scheme};
}

const Header* HttpRequest::find_header(std::string_view name) const noexcept {
  for (const auto& h : headers)
    if (iequals(h.name, name)) return &h;
  return nullptr;
}

void HttpRequest::set_header(std::string_view name, std::string_view value) {
  auto it = std::find_if(headers.begin(), headers.end(), [&](const Header& h) { return iequals(h.name, name); });
  if (it == headers.end()) {
    headers.push_back({std::string(name), std::string(value)});
    return;
  }
  it->value = std::string(value);
  headers.erase(std::remove_if(std::next(it), headers.end(), [&](const Header& h) { return iequals(h.name, name); }),
                headers.end());
}

}  // namespace sigv4
