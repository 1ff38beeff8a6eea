// Passwords (Argon2id via libsodium's crypto_pwhash_str), random secrets from libsodium's
// CSPRNG, and the one-way hash under which session and token secrets are stored.
#pragma once

#include <string>

namespace shipboard::server::auth {

bool init();  // sodium_init; false when the library cannot start
std::string hash_password(const std::string& password);  // Argon2id, interactive limits
bool verify_password(const std::string& hash, const std::string& password);
// A base64url secret of `bytes` random bytes (32 bytes = 256 bits).
std::string random_secret(std::size_t bytes = 32);
// BLAKE2b-256 of a secret, as raw bytes, for lookup in the database.
std::string secret_hash(const std::string& secret);
// A base64url BLAKE2b-256 MAC of `message` under `key` (16..64 bytes), e.g. a CSRF token.
std::string keyed_token(const std::string& key, const std::string& message);
// A constant-time comparison of two strings of equal length.
bool equal_ct(const std::string& a, const std::string& b);

}  // namespace shipboard::server::auth
