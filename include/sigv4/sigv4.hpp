// Umbrella header: everything a client needs to sign and presign requests.
#pragma once

#include "sigv4/body.hpp"
#include "sigv4/canonical.hpp"
#include "sigv4/credentials.hpp"
#include "sigv4/error.hpp"
#include "sigv4/raw_request.hpp"
#include "sigv4/request.hpp"
#include "sigv4/secret.hpp"
#include "sigv4/settings.hpp"
#include "sigv4/signer.hpp"
#include "sigv4/signing_key.hpp"
#include "sigv4/time.hpp"
#include "sigv4/url.hpp"
