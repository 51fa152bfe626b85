// Signs an S3 GET with the Authorization header and prints the request to send, then a presigned URL for
// the same object. Credentials come from the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
// optional AWS_SESSION_TOKEN); the examples' defaults are the AWS documentation's example keys.
//
//   sign_s3_get https://examplebucket.s3.amazonaws.com/photos/a.jpg us-east-1
#include <cstdlib>
#include <iostream>

#include <sigv4/sigv4.hpp>

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : "https://examplebucket.s3.amazonaws.com/photos/a.jpg";
  const char* region = argc > 2 ? argv[2] : "us-east-1";
  auto env = [](const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return std::string(v ? v : fallback);
  };
  const sigv4::Credentials creds(env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
                                 env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                                 env("AWS_SESSION_TOKEN", ""));
  try {
    sigv4::HttpRequest request = sigv4::HttpRequest::from_url("GET", url);
    const sigv4::SigningScope scope{sigv4::SigningTime::now(), region, "s3"};

    // Header signing: add the headers the signer returns, then send the request with any HTTP client.
    std::vector<sigv4::HeaderView> views;
    const sigv4::SigningResult signed_get =
        sigv4::sign_request(request.view(views), sigv4::Body(), creds, scope, sigv4::SigningSettings::s3());
    sigv4::HttpRequest to_send = request;
    for (const auto& h : signed_get.headers_to_add) to_send.set_header(h.name, h.value);
    std::cout << sigv4::format_raw_request(to_send) << "\n";

    // Presigning: a URL anyone can GET for the next hour.
    const sigv4::SigningResult presigned =
        sigv4::sign_request(request.view(views), sigv4::Body(), creds, scope, sigv4::SigningSettings::s3_presign(3600));
    std::cout << presigned.presigned_url << "\n";
  } catch (const sigv4::Error& e) {
    std::cerr << "cannot sign: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
