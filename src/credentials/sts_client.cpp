#include "sts_client.hpp"

#include "credentials_common.hpp"
#include "sigv4/aws_xml.hpp"
#include "sigv4/canonical.hpp"
#include "sigv4/signer.hpp"

namespace sigv4 {

StsEndpoint StsEndpoint::resolve(const Environment& env, std::string_view region) {
  StsEndpoint e;
  e.region = region.empty() ? "us-east-1" : std::string(region);
  if (auto url = env.get("AWS_ENDPOINT_URL_STS")) {
    e.url = *url;
  } else if (auto any = env.get("AWS_ENDPOINT_URL")) {
    e.url = *any;
  } else {
    e.url = "https://sts." + e.region + (e.region.starts_with("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com");
  }
  while (e.url.ends_with("/")) e.url.pop_back();
  return e;
}

namespace credentials_detail {

std::string default_session_name() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return "sigv4-" + std::to_string(ms.count());
}

CredentialsOutcome call_sts(const StsEndpoint& endpoint, std::string_view action,
                            const std::vector<std::pair<std::string, std::string>>& params,
                            const Credentials* signer, const RemoteProviderOptions& options, std::string source) {
  std::string form = "Action=" + std::string(action) + "&Version=2011-06-15";
  for (const auto& [key, value] : params) {
    form += '&';
    append_uri_encoded(form, key, false);
    form += '=';
    append_uri_encoded(form, value, false);
  }
  HttpRequest request;
  try {
    request = HttpRequest::from_url("POST", endpoint.url + "/");
  } catch (const std::exception&) {
    wipe(form);
    return CredentialsOutcome::failure(source + ": STS endpoint '" + endpoint.url + "' is not a URL");
  }
  request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"});

  // STS is a real service, not a link-local endpoint: give it the time an SDK would.
  RemoteProviderOptions sts_options = options;
  sts_options.connect_timeout = std::max(options.connect_timeout, std::chrono::milliseconds(3000));
  sts_options.total_timeout = std::max(options.total_timeout, std::chrono::milliseconds(30000));
  HttpClient client = remote_client(sts_options);
  HttpResult result;
  if (signer != nullptr) {
    try {
      result = sign_and_send(client, request, SignedPayload::bytes(form), *signer, endpoint.region, "sts",
                             SigningSettings{});
    } catch (const Error& e) {
      wipe(form);
      return CredentialsOutcome::failure(source + ": cannot sign the STS request: " + e.what());
    }
  } else {
    result = client.send(request, SendBody::bytes(form));
  }
  wipe(form);  // it may hold a web identity token
  if (!result.ok()) return CredentialsOutcome::failure(source + ": STS " + std::string(action) + ": " + result.message);
  const XmlLeaves xml = read_xml_leaves(result.response.body);
  wipe(result.response.body);
  if (result.response.status != 200) {
    std::string why = source + ": STS " + std::string(action) + " answered HTTP " + std::to_string(result.response.status);
    if (auto code = xml.find("Error/Code")) why += " " + *code;
    if (auto message = xml.find("Error/Message")) why += ": " + *message;
    return CredentialsOutcome::failure(why);
  }
  if (!xml.ok()) return CredentialsOutcome::failure(source + ": malformed STS answer: " + xml.error);
  auto id = xml.find("Credentials/AccessKeyId");
  auto secret = xml.find("Credentials/SecretAccessKey");
  auto token = xml.find("Credentials/SessionToken");
  auto expiration = xml.find("Credentials/Expiration");
  if (!id || !secret || !token || id->empty() || secret->empty())
    return CredentialsOutcome::failure(source + ": STS answer lacks Credentials");
  Credentials c(*id, *secret, *token);
  wipe(*secret);
  wipe(*token);
  if (expiration) {
    c.expiration = parse_expiration(*expiration);
    if (!c.expiration) return CredentialsOutcome::failure(source + ": STS Expiration is not an ISO 8601 time");
  }
  return reject_if_expired(CredentialsOutcome::ok(std::move(c), std::move(source)));
}

}  // namespace credentials_detail
}  // namespace sigv4
