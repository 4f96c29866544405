#include "source.hpp"

#include <charconv>

namespace fiberlog::tail {

const std::string& source_keys::key(const record& r, std::uint16_t input) {
    const bool identified = has_identity(r);
    changed_ =
        !valid_ || identified != identified_ ||
        (identified ? r.service != service_ || r.host != host_ || r.pid != pid_ : input != input_);
    if (!changed_) return key_;
    valid_ = true;
    identified_ = identified;
    input_ = input;
    if (identified) {
        service_.assign(r.service);
        host_.assign(r.host);
        pid_ = r.pid;
        key_ = "p" + service_ + '\0' + host_ + '\0' + (pid_ ? std::to_string(*pid_) : "");
    } else {
        key_ = "f" + std::to_string(input);
    }
    return key_;
}

std::string source_name(std::string_view key, const std::vector<std::string>& input_names) {
    if (key.empty()) return {};
    const char kind = key.front();
    key.remove_prefix(1);
    if (kind == 'f') {
        std::size_t input = 0;
        std::from_chars(key.data(), key.data() + key.size(), input);
        if (input >= input_names.size()) return {};
        return input_names[input] == "-" ? "stdin" : input_names[input];
    }
    const std::size_t host_at = key.find('\0');
    const std::size_t pid_at = key.find('\0', host_at + 1);
    const std::string_view service = key.substr(0, host_at);
    const std::string_view host = key.substr(host_at + 1, pid_at - host_at - 1);
    const std::string_view pid = key.substr(pid_at + 1);
    std::string name(service);
    if (!host.empty()) {
        if (!name.empty()) name += '@';
        name += host;
    }
    if (!pid.empty()) {
        name += name.empty() ? "pid " : ":";
        name += pid;
    }
    return name;
}

}  // namespace fiberlog::tail
