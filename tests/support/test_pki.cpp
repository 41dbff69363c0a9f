#include "support/test_pki.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

#include "support/file_io.hpp"

namespace oss::support {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* pointer) const { Free(pointer); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

[[noreturn]] void fail(const std::string& what) {
  unsigned long code = ERR_get_error();
  char text[256] = "no OpenSSL error queued";
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  throw std::runtime_error("test PKI: " + what + ": " + text);
}

void check(int result, const std::string& what) {
  if (result <= 0) fail(what);
}

KeyPtr make_key() {
  KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) fail("EC P-256 key generation");
  return key;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string key_to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr), "writing key PEM");
  return bio_text(bio.get());
}

std::string cert_to_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_X509(bio.get(), cert), "writing certificate PEM");
  return bio_text(bio.get());
}

KeyPtr key_from_pem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) fail("reading key PEM");
  return key;
}

CertPtr cert_from_pem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) fail("reading certificate PEM");
  return cert;
}

// A fresh random serial: clients cache nothing by serial, but two certificates from one CA must not share one.
void set_random_serial(X509* cert) {
  std::unique_ptr<BIGNUM, Deleter<BN_free>> serial(BN_new());
  check(BN_rand(serial.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY), "serial number");
  check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) != nullptr ? 1 : 0, "serial number");
}

// The issuer (the CA itself when self-signed) must be known so that the key identifiers can be derived.
void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  ExtPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  if (!extension) fail("extension " + std::string(OBJ_nid2sn(nid)) + "=" + value);
  check(X509_add_ext(cert, extension.get(), -1), "adding extension");
}

CertPtr new_certificate(const std::string& common_name, EVP_PKEY* key, std::chrono::seconds not_before,
                        std::chrono::seconds not_after) {
  CertPtr cert(X509_new());
  check(X509_set_version(cert.get(), X509_VERSION_3), "version");
  set_random_serial(cert.get());
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before.count()) != nullptr ? 1 : 0, "notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after.count()) != nullptr ? 1 : 0, "notAfter");
  check(X509_set_pubkey(cert.get(), key), "public key");
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("omni-scim-sync tests"), -1, -1, 0),
        "subject O");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0),
        "subject CN");
  return cert;
}

std::string join(const std::vector<std::string>& parts) {
  std::string joined;
  for (const auto& part : parts) joined += (joined.empty() ? "" : ",") + part;
  return joined;
}

}  // namespace

CertificateAuthority make_certificate_authority(const std::string& common_name) {
  KeyPtr key = make_key();
  CertPtr cert = new_certificate(common_name, key.get(), -std::chrono::hours(24), std::chrono::hours(24 * 365));
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())), "issuer");
  add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
  check(X509_sign(cert.get(), key.get(), EVP_sha256()), "signing the CA");
  return {cert_to_pem(cert.get()), key_to_pem(key.get())};
}

LeafCertificate make_leaf_certificate(const CertificateAuthority& ca, const LeafOptions& options) {
  KeyPtr ca_key = key_from_pem(ca.private_key_pem);
  CertPtr ca_cert = cert_from_pem(ca.certificate_pem);
  KeyPtr key = make_key();
  CertPtr cert = new_certificate(options.common_name, key.get(), options.not_before_offset, options.not_after_offset);
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get())), "issuer");
  add_extension(cert.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), ca_cert.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), ca_cert.get(), NID_ext_key_usage, "serverAuth");
  add_extension(cert.get(), ca_cert.get(), NID_subject_key_identifier, "hash");
  add_extension(cert.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always");
  if (!options.subject_alt_names.empty())
    add_extension(cert.get(), ca_cert.get(), NID_subject_alt_name, join(options.subject_alt_names));
  check(X509_sign(cert.get(), ca_key.get(), EVP_sha256()), "signing the leaf certificate");
  return {cert_to_pem(cert.get()), key_to_pem(key.get())};
}

TestPki make_test_pki(const LeafOptions& server) {
  CertificateAuthority ca = make_certificate_authority();
  LeafCertificate leaf = make_leaf_certificate(ca, server);
  return {ca.certificate_pem, ca.private_key_pem, leaf.certificate_pem, leaf.private_key_pem};
}

void write_pki(const TestPki& pki, const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  write_file(directory / "ca.pem", pki.ca_pem);
  write_file(directory / "server.pem", pki.server_cert_pem);
  write_private_file(directory / "server-key.pem", pki.server_key_pem);
}

}  // namespace oss::support
