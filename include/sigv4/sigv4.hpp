// Umbrella header: the whole public API. Include the individual headers to keep compile times down.
#pragma once

// Signing (client side)
#include "sigv4/body.hpp"
#include "sigv4/canonical.hpp"
#include "sigv4/credentials.hpp"
#include "sigv4/error.hpp"
#include "sigv4/raw_request.hpp"
#include "sigv4/region_set.hpp"
#include "sigv4/request.hpp"
#include "sigv4/secret.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/signing_key.hpp"
#include "sigv4/sigv4a_key.hpp"
#include "sigv4/time.hpp"
#include "sigv4/url.hpp"

// S3 helpers and service tokens
#include "sigv4/s3_address.hpp"
#include "sigv4/s3_presign.hpp"
#include "sigv4/tokens.hpp"

// Streaming (aws-chunked) and checksums
#include "sigv4/checksum.hpp"
#include "sigv4/chunked.hpp"

// Credentials and sending
#include "sigv4/credential_providers.hpp"
#include "sigv4/http_client.hpp"
#include "sigv4/signed_upload.hpp"

// Verification (server side)
#include "sigv4/payload_verifier.hpp"
#include "sigv4/verifier.hpp"
