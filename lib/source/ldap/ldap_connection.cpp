#include "source/ldap/ldap_connection.hpp"

#include <ldap.h>

#include <csignal>

#include <memory>
#include <vector>

namespace oss::source {

namespace {

template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* pointer) const {
    if (pointer) Free(pointer);
  }
};
void free_message(LDAPMessage* message) { ldap_msgfree(message); }
void free_control(LDAPControl* control) { ldap_control_free(control); }
void free_controls(LDAPControl** controls) { ldap_controls_free(controls); }
void free_text(char* text) { ldap_memfree(text); }
void free_values(berval** values) { ldap_value_free_len(values); }
void free_strings(char** strings) { ldap_memvfree(reinterpret_cast<void**>(strings)); }
using MessagePtr = std::unique_ptr<LDAPMessage, Freer<LDAPMessage, free_message>>;
using ControlPtr = std::unique_ptr<LDAPControl, Freer<LDAPControl, free_control>>;
using ControlsPtr = std::unique_ptr<LDAPControl*, Freer<LDAPControl*, free_controls>>;
using TextPtr = std::unique_ptr<char, Freer<char, free_text>>;
using ValuesPtr = std::unique_ptr<berval*, Freer<berval*, free_values>>;
using StringsPtr = std::unique_ptr<char*, Freer<char*, free_strings>>;

// The paged-results cookie: the server's bookmark between pages, owned by us between calls.
struct Cookie {
  berval value{0, nullptr};
  ~Cookie() { clear(); }
  void clear() {
    ber_memfree(value.bv_val);
    value = {0, nullptr};
  }
  [[nodiscard]] bool empty() const { return value.bv_len == 0; }
};

int to_ldap_scope(LdapScope scope) {
  switch (scope) {
    case LdapScope::base: return LDAP_SCOPE_BASE;
    case LdapScope::one: return LDAP_SCOPE_ONELEVEL;
    case LdapScope::sub: return LDAP_SCOPE_SUBTREE;
  }
  return LDAP_SCOPE_SUBTREE;
}

LdapEntry read_entry(LDAP* handle, LDAPMessage* message) {
  LdapEntry entry;
  if (TextPtr dn{ldap_get_dn(handle, message)}) entry.dn = dn.get();
  BerElement* position = nullptr;
  for (TextPtr name{ldap_first_attribute(handle, message, &position)}; name;
       name.reset(ldap_next_attribute(handle, message, position))) {
    std::vector<std::string> values;
    if (ValuesPtr raw{ldap_get_values_len(handle, message, name.get())})
      for (berval** value = raw.get(); *value != nullptr; ++value) values.emplace_back((*value)->bv_val, (*value)->bv_len);
    entry.attributes.emplace_back(name.get(), std::move(values));
  }
  if (position) ber_free(position, 0);
  return entry;
}

}  // namespace

std::string LdapConnection::describe(const std::string& what, int rc) const {
  std::string text = what + ": " + ldap_err2string(rc);
  char* diagnostic = nullptr;
  if (ldap_get_option(handle_, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic) == LDAP_OPT_SUCCESS && diagnostic) {
    TextPtr owned{diagnostic};
    if (*diagnostic) text += std::string(" (") + diagnostic + ")";
  }
  return text;
}

LdapConnection::LdapConnection(const LdapOptions& options, const std::string& password) : options_(options) {
  // libldap writes with plain send(): a server gone mid-read would raise SIGPIPE and end the process, where an
  // EPIPE error (LDAP_SERVER_DOWN, an incomplete read) is what we handle. Nothing in this program wants SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  if (const int rc = ldap_initialize(&handle_, options.url.c_str()); rc != LDAP_SUCCESS)
    throw LdapConnectError("cannot use " + options.url + ": " + ldap_err2string(rc));

  const auto set = [&](int option, const void* value, const char* name) {
    if (ldap_set_option(handle_, option, value) != LDAP_OPT_SUCCESS)
      throw LdapConnectError("cannot set " + std::string(name) + " for " + options.url);
  };
  const int version = LDAP_VERSION3;
  set(LDAP_OPT_PROTOCOL_VERSION, &version, "LDAPv3");
  // A referral may point anywhere, with our password: never chased, and a search that meets one is incomplete.
  set(LDAP_OPT_REFERRALS, LDAP_OPT_OFF, "referrals off");
  const timeval timeout{static_cast<time_t>(options.timeout.count()), 0};
  set(LDAP_OPT_NETWORK_TIMEOUT, &timeout, "the connect timeout");
  set(LDAP_OPT_TIMEOUT, &timeout, "the request timeout");
  // TLS options on this handle only (not process-wide), then a fresh TLS context that picks them up.
  const int demand = LDAP_OPT_X_TLS_DEMAND;
  set(LDAP_OPT_X_TLS_REQUIRE_CERT, &demand, "certificate verification");
  const int tls_1_2 = LDAP_OPT_X_TLS_PROTOCOL_TLS1_2;
  set(LDAP_OPT_X_TLS_PROTOCOL_MIN, &tls_1_2, "TLS 1.2 or later");
  if (options.ca_file) set(LDAP_OPT_X_TLS_CACERTFILE, options.ca_file->c_str(), "source.ca_file");
  const int server_context = 0;
  set(LDAP_OPT_X_TLS_NEWCTX, &server_context, "a TLS context");

  if (options.starttls)
    if (const int rc = ldap_start_tls_s(handle_, nullptr, nullptr); rc != LDAP_SUCCESS) {
      const std::string message = describe("StartTLS with " + options.url + " failed", rc);
      ldap_unbind_ext_s(handle_, nullptr, nullptr);
      handle_ = nullptr;
      throw LdapConnectError(message + "; check source.ca_file and that the certificate names the host");
    }

  berval credentials{password.size(), const_cast<char*>(password.data())};
  if (const int rc = ldap_sasl_bind_s(handle_, options.bind_dn.c_str(), LDAP_SASL_SIMPLE, &credentials, nullptr,
                                      nullptr, nullptr);
      rc != LDAP_SUCCESS) {
    std::string message = describe("cannot bind to " + options.url + " as " + options.bind_dn, rc);
    if (rc == LDAP_INVALID_CREDENTIALS) message += "; check source.bind_dn and source.bind_password_file";
    if (rc == LDAP_SERVER_DOWN && !options.starttls)
      message += "; check that the server is up, and source.ca_file and that the certificate names the host";
    ldap_unbind_ext_s(handle_, nullptr, nullptr);
    handle_ = nullptr;
    throw LdapConnectError(message);
  }
}

LdapConnection::~LdapConnection() {
  if (handle_) ldap_unbind_ext_s(handle_, nullptr, nullptr);
}

void LdapConnection::search(const std::function<bool(LdapEntry)>& on_entry,
                            const std::function<void(int page)>& after_page) {
  const auto names = options_.attribute_map.requested();
  std::vector<char*> attributes;
  for (const auto& name : names) attributes.push_back(const_cast<char*>(name.c_str()));
  attributes.push_back(nullptr);
  const std::string where = "the search of " + options_.base_dn + " on " + options_.url;

  Cookie cookie;
  for (int page = 1;; ++page) {
    LDAPControl* raw_control = nullptr;
    // Critical: a server that cannot page must refuse the search, not answer with its size limit's worth.
    if (const int rc = ldap_create_page_control(handle_, options_.page_size, cookie.empty() ? nullptr : &cookie.value,
                                                1, &raw_control);
        rc != LDAP_SUCCESS)
      throw LdapSearchCutShort(describe("cannot make the paged results control", rc));
    ControlPtr control{raw_control};
    LDAPControl* server_controls[] = {control.get(), nullptr};
    timeval timeout{static_cast<time_t>(options_.timeout.count()), 0};
    LDAPMessage* raw_result = nullptr;
    const int search_rc = ldap_search_ext_s(handle_, options_.base_dn.c_str(), to_ldap_scope(options_.scope),
                                            options_.filter.c_str(), attributes.data(), 0, server_controls, nullptr,
                                            &timeout, LDAP_NO_LIMIT, &raw_result);
    MessagePtr result{raw_result};
    if (search_rc != LDAP_SUCCESS)
      throw LdapSearchCutShort(describe(where + " stopped at page " + std::to_string(page), search_rc));

    ControlsPtr response_controls;
    for (LDAPMessage* message = ldap_first_message(handle_, result.get()); message;
         message = ldap_next_message(handle_, message)) {
      switch (ldap_msgtype(message)) {
        case LDAP_RES_SEARCH_ENTRY:
          if (!on_entry(read_entry(handle_, message))) return;
          break;
        case LDAP_RES_SEARCH_REFERENCE: {
          char** raw_references = nullptr;
          ldap_parse_reference(handle_, message, &raw_references, nullptr, 0);
          StringsPtr references{raw_references};
          throw LdapSearchCutShort(where + " met a referral to " +
                                   (references && references.get()[0] ? references.get()[0] : std::string("elsewhere")) +
                                   ": part of the directory is on another server, which is not followed; set "
                                   "source.base_dn to the part that holds the people");
        }
        case LDAP_RES_SEARCH_RESULT: {
          int result_code = LDAP_SUCCESS;
          LDAPControl** raw_controls = nullptr;
          if (const int rc = ldap_parse_result(handle_, message, &result_code, nullptr, nullptr, nullptr,
                                               &raw_controls, 0);
              rc != LDAP_SUCCESS)
            throw LdapSearchCutShort(describe(where + ": unreadable result", rc));
          response_controls.reset(raw_controls);
          if (result_code != LDAP_SUCCESS)
            throw LdapSearchCutShort(describe(where + " stopped at page " + std::to_string(page), result_code));
          break;
        }
        default: break;
      }
    }

    LDAPControl* page_response =
        response_controls ? ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, response_controls.get(), nullptr) : nullptr;
    if (page_response == nullptr)
      throw LdapSearchCutShort(where + " got a page without the paged results control: the server did not page");
    cookie.clear();
    ber_int_t estimate = 0;
    if (const int rc = ldap_parse_pageresponse_control(handle_, page_response, &estimate, &cookie.value);
        rc != LDAP_SUCCESS)
      throw LdapSearchCutShort(describe(where + ": unreadable paged results control", rc));
    if (after_page) after_page(page);
    if (cookie.empty()) return;
  }
}

}  // namespace oss::source
