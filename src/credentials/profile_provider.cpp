// Credentials and region from the shared config and credentials files (AWS SDKs and Tools Reference
// Guide, "Shared config and credentials files" and "Assume role credential provider").
#include <fstream>
#include <iterator>
#include <set>

#include "credentials_common.hpp"
#include "sigv4/profile_file.hpp"

namespace sigv4 {
namespace {

struct LoadedProfiles {
  bool any_file = false;
  std::string error;  // a file that exists but cannot be read or parsed
  std::map<std::string, ProfileProperties, std::less<>> profiles;  // merged, credentials file wins
};

std::filesystem::path expand_home(const std::string& path, const Environment& env) {
  if ((path == "~" || path.starts_with("~/")) && env.home()) return *env.home() / path.substr(std::min<std::size_t>(2, path.size()));
  return path;
}

std::filesystem::path file_path(const Environment& env, const char* variable, const char* default_name) {
  if (auto p = env.get(variable)) return expand_home(*p, env);
  if (auto home = env.home()) return *home / ".aws" / default_name;
  return {};
}

// Reads and parses one file into `out`; false (with out.error set) when it exists but is unusable.
bool load_file(const std::filesystem::path& path, ProfileFileKind kind, LoadedProfiles& out) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::exists(path, ec)) return true;
  out.any_file = true;
  const ProfileFileLimits limits;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > limits.max_bytes) {
    out.error = "profile: '" + path.string() + "' cannot be read or is larger than " + std::to_string(limits.max_bytes) + " bytes";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = "profile: cannot read '" + path.string() + "'";
    return false;
  }
  std::string text(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>{});
  ProfileFileParse parsed = parse_profile_file(text, kind, limits);
  credentials_detail::wipe(text);
  if (!parsed.ok()) {
    out.error = "profile: '" + path.string() + "' " + parsed.error;
    return false;
  }
  for (auto& [name, props] : parsed.file.profiles) {
    auto& merged = out.profiles[name];
    for (auto& [key, value] : props) merged[key] = std::move(value);
  }
  return true;
}

LoadedProfiles load_profiles(const Environment& env) {
  LoadedProfiles out;
  if (load_file(file_path(env, "AWS_CONFIG_FILE", "config"), ProfileFileKind::config, out))
    load_file(file_path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials"), ProfileFileKind::credentials, out);
  return out;
}

std::optional<std::string> property(const ProfileProperties& p, std::string_view key) {
  const auto it = p.find(key);
  if (it == p.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

// Resolves one profile's credentials, following source_profile links (visited guards against cycles).
class ProfileResolver {
 public:
  ProfileResolver(const LoadedProfiles& files, const Environment& env, const RemoteProviderOptions& options)
      : files_(files), env_(env), options_(options) {}

  CredentialsOutcome resolve(const std::string& name, std::vector<std::string>& visited, bool top_level) {
    const auto it = files_.profiles.find(name);
    if (it == files_.profiles.end()) return CredentialsOutcome::failure("profile '" + name + "' not found");
    const ProfileProperties& p = it->second;
    const std::string source = "profile " + name;
    visited.push_back(name);

    if (auto role = property(p, "role_arn")) {
      AssumeRoleProvider::Config config;
      config.role_arn = *role;
      config.session_name = property(p, "role_session_name").value_or("");
      config.external_id = property(p, "external_id").value_or("");
      if (auto d = property(p, "duration_seconds")) {
        try {
          config.duration_seconds = std::stoi(*d);
        } catch (const std::exception&) {
          return CredentialsOutcome::failure(source + ": duration_seconds '" + *d + "' is not a number");
        }
      }
      config.region = property(p, "region").value_or(env_.get("AWS_REGION").value_or("us-east-1"));
      std::shared_ptr<CredentialsProvider> base;
      if (auto token_file = property(p, "web_identity_token_file")) {
        WebIdentityProvider::Config w{*token_file, config.role_arn, config.session_name, config.region};
        return WebIdentityProvider(std::move(w), env_, options_).resolve();
      }
      if (auto src = property(p, "source_profile")) {
        CredentialsOutcome base_creds;
        if (*src == name) {
          base_creds = static_keys(p, source);  // a profile may name itself to use its own keys
        } else if (std::find(visited.begin(), visited.end(), *src) != visited.end()) {
          return CredentialsOutcome::failure(source + ": source_profile cycle through '" + *src + "'");
        } else {
          base_creds = resolve(*src, visited, false);
        }
        if (!base_creds.found())
          return CredentialsOutcome::failure(source + ": source_profile '" + *src + "': " + base_creds.error);
        base = std::make_shared<StaticProvider>(std::move(base_creds.credentials));
      } else if (auto cs = property(p, "credential_source")) {
        if (*cs == "Environment") base = std::make_shared<EnvironmentProvider>(env_);
        else if (*cs == "Ec2InstanceMetadata") base = std::make_shared<ImdsProvider>(env_, options_);
        else if (*cs == "EcsContainer") base = std::make_shared<ContainerProvider>(env_, options_);
        else return CredentialsOutcome::failure(source + ": unknown credential_source '" + *cs + "'");
      } else {
        return CredentialsOutcome::failure(source + ": role_arn needs source_profile, credential_source or web_identity_token_file");
      }
      return AssumeRoleProvider(base, std::move(config), env_, options_).resolve();
    }
    if (property(p, "aws_access_key_id") || property(p, "aws_secret_access_key")) return static_keys(p, source);
    if (auto command = property(p, "credential_process")) {
      auto outcome = ProcessProvider(*command).resolve();
      if (outcome.found()) outcome.source = source + " (credential_process)";
      return outcome;
    }
    if (top_level) return CredentialsOutcome::not_configured(source + ": no credentials in this profile");
    return CredentialsOutcome::failure(source + ": no credentials in this profile");
  }

 private:
  static CredentialsOutcome static_keys(const ProfileProperties& p, const std::string& source) {
    auto id = property(p, "aws_access_key_id");
    auto secret = property(p, "aws_secret_access_key");
    if (!id || !secret)
      return CredentialsOutcome::failure(source + ": aws_access_key_id and aws_secret_access_key must both be set");
    Credentials c(*id, *secret, property(p, "aws_session_token").value_or(""));
    credentials_detail::wipe(*secret);
    return CredentialsOutcome::ok(std::move(c), source);
  }

  const LoadedProfiles& files_;
  const Environment& env_;
  const RemoteProviderOptions& options_;
};

std::string profile_name(const std::optional<std::string>& given, const Environment& env) {
  if (given && !given->empty()) return *given;
  return env.get("AWS_PROFILE").value_or("default");
}

}  // namespace

ProfileProvider::ProfileProvider(std::optional<std::string> profile, Environment env, RemoteProviderOptions options)
    : profile_(std::move(profile)), env_(std::move(env)), options_(options) {}

std::string ProfileProvider::name() const { return "profile " + profile_name(profile_, env_); }

CredentialsOutcome ProfileProvider::resolve() {
  const LoadedProfiles files = load_profiles(env_);
  if (!files.error.empty()) return CredentialsOutcome::failure(files.error);
  const std::string name = profile_name(profile_, env_);
  const bool chosen = (profile_ && !profile_->empty()) || env_.get("AWS_PROFILE");
  if (!files.any_file) {
    if (chosen) return CredentialsOutcome::failure("profile '" + name + "' not found: no shared config or credentials file");
    return CredentialsOutcome::not_configured("profile: no shared config or credentials file");
  }
  if (files.profiles.find(name) == files.profiles.end()) {
    if (chosen) return CredentialsOutcome::failure("profile '" + name + "' not found in the shared files");
    return CredentialsOutcome::not_configured("profile: no [default] profile");
  }
  std::vector<std::string> visited;
  return credentials_detail::reject_if_expired(ProfileResolver(files, env_, options_).resolve(name, visited, true));
}

std::optional<std::string> resolve_region(std::optional<std::string> profile, const Environment& env) {
  if (auto r = env.get("AWS_REGION")) return r;
  if (auto r = env.get("AWS_DEFAULT_REGION")) return r;
  const LoadedProfiles files = load_profiles(env);
  const auto it = files.profiles.find(profile_name(profile, env));
  if (it == files.profiles.end()) return std::nullopt;
  return property(it->second, "region");
}

}  // namespace sigv4
