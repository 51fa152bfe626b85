// Umbrella header: aws-chunked streaming (encoder, decoder, chunk signer) and S3 checksums.
#pragma once

#include "sigv4/checksum.hpp"
#include "sigv4/chunk_signer.hpp"
#include "sigv4/chunked_decoder.hpp"
#include "sigv4/chunked_encoder.hpp"
#include "sigv4/chunked_error.hpp"
#include "sigv4/chunked_mode.hpp"
#include "sigv4/chunked_reader.hpp"
#include "sigv4/http_chunked_decoder.hpp"
