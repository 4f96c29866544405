#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <fiberlog/identity.hpp>
#include <mutex>
#include <stdexcept>

#include "detail/key.hpp"

namespace fiberlog {
namespace {

// Every identity ever current, newest first: the old ones stay alive (and reachable) because
// this_process() handed out references to them.
struct identity_node {
    process_identity identity;
    const identity_node* older;
};

std::atomic<const identity_node*> current{nullptr};
std::mutex change_mutex;  // serializes creating, setting and the fork refresh
bool was_set = false;     // under change_mutex

std::string default_service() {
    const char* name = program_invocation_short_name;  // glibc: argv[0] without directories
    return name != nullptr && *name != '\0' ? std::string(name) : std::string("unknown");
}

std::string default_host() {
    char name[HOST_NAME_MAX + 1] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "unknown";
    return name;
}

// Makes `identity` current. Under change_mutex.
const identity_node* publish(process_identity identity) {
    const identity_node* node =
        new identity_node{std::move(identity), current.load(std::memory_order_relaxed)};
    current.store(node, std::memory_order_release);
    return node;
}

// The forked child: the same identity with the child's pid. Only the forking thread exists
// there; if it forked while another thread held change_mutex, the mutex is not touched.
void refresh_pid_after_fork() noexcept {
    if (const identity_node* node = current.load(std::memory_order_relaxed)) {
        process_identity copy = node->identity;
        copy.pid = static_cast<std::uint64_t>(::getpid());
        try {
            current.store(new identity_node{std::move(copy), node}, std::memory_order_release);
        } catch (...) {  // no memory: the lines keep the parent's pid
        }
    }
}

const identity_node& current_or_default() {
    if (const identity_node* node = current.load(std::memory_order_acquire)) return *node;
    std::lock_guard<std::mutex> lock(change_mutex);
    if (const identity_node* node = current.load(std::memory_order_relaxed)) return *node;
    ::pthread_atfork(nullptr, nullptr, refresh_pid_after_fork);
    return *publish({default_service(), default_host(), static_cast<std::uint64_t>(::getpid())});
}

}  // namespace

const process_identity& this_process() noexcept { return current_or_default().identity; }

void set_process_identity(std::string_view service, std::string_view host) {
    detail::validate_key(service);
    if (!host.empty()) detail::validate_key(host);
    (void)current_or_default();  // the default host; registers the fork refresh
    std::lock_guard<std::mutex> lock(change_mutex);
    if (was_set)
        throw std::logic_error(
            "fiberlog::set_process_identity: the identity is set once per "
            "process, and it is already \"" +
            current.load(std::memory_order_relaxed)->identity.service + "\"");
    const process_identity& now = current.load(std::memory_order_relaxed)->identity;
    publish({std::string(service), host.empty() ? now.host : std::string(host), now.pid});
    was_set = true;
}

}  // namespace fiberlog
