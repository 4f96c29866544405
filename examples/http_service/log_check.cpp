#include "http_service/log_check.hpp"

#include <charconv>
#include <map>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace example::http {

namespace {

struct logged {
    std::string msg, path, step;
    std::uint64_t fiber = 0, parent = 0, thread = 0;
};

std::string text_of(const nlohmann::json& ctx, const char* key) {
    const auto it = ctx.find(key);
    return it != ctx.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The problems of one request's lines, in a sentence each.
void check_story(const std::string& id, const std::vector<logged>& lines,
                 std::vector<std::string>& problems) {
    const auto problem = [&](const std::string& what) {
        problems.push_back("request " + id + ": " + what);
    };
    if (lines.size() != 8) problem(std::to_string(lines.size()) + " lines, not 8");
    // Who said what: (step or second service, message) -> the fibers that said it.
    std::multimap<std::pair<std::string, std::string>, const logged*> said;
    std::string front_path;
    for (const logged& l : lines) {
        const bool backend = l.path == "/backend/inventory";
        said.insert({{backend ? "backend-service" : l.step, l.msg}, &l});
        if (!backend && l.step.empty()) front_path = l.path;
    }
    const auto one = [&](const std::string& who, const std::string& msg) -> const logged* {
        const auto range = said.equal_range({who, msg});
        const auto n = std::distance(range.first, range.second);
        if (n != 1) {
            problem("'" + msg + "' (" + (who.empty() ? "front" : who) + ") " +
                    std::to_string(n) + " times");
            return nullptr;
        }
        return range.first->second;
    };
    const logged* received = one("", "request received");
    const logged* answered = one("", "response 200");
    const logged* db1 = one("db", "db query started");
    const logged* db2 = one("db", "db query done");
    const logged* call1 = one("backend", "calling backend");
    const logged* call2 = one("backend", "backend answered 200");
    const logged* b1 = one("backend-service", "request received");
    const logged* b2 = one("backend-service", "response 200");
    if (!received || !answered || !db1 || !db2 || !call1 || !call2 || !b1 || !b2) return;
    const std::uint64_t f = received->fiber;
    if (answered->fiber != f) problem("the response is logged by another fiber");
    if (db1->fiber != db2->fiber || db1->parent != f) problem("the db lines are not F's child's");
    if (call1->fiber != call2->fiber || call1->parent != f)
        problem("the backend call's lines are not F's child's");
    if (b1->fiber != b2->fiber || b1->fiber == f) problem("the second service's lines");
    for (const logged* l : {answered, db1, db2, call1, call2})
        if (l->path != front_path) problem("a line with path " + l->path);
}

}  // namespace

log_check_result check_request_logs(std::istream& jsonl) {
    log_check_result result;
    std::map<std::string, std::vector<logged>> by_request;
    std::string line;
    while (std::getline(jsonl, line)) {
        if (line.empty()) continue;
        ++result.lines;
        const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            result.problems.push_back("not a JSON line: " + line.substr(0, 200));
            continue;
        }
        const auto ctx = j.find("ctx");
        if (ctx == j.end() || !ctx->is_object() || !ctx->contains("request_id")) continue;
        logged l;
        l.msg = j.value("msg", "");
        l.path = text_of(*ctx, "path");
        l.step = text_of(*ctx, "step");
        l.fiber = j.value("fiber", std::uint64_t{0});
        l.parent = j.value("parent", std::uint64_t{0});
        l.thread = j.value("thread", std::uint64_t{0});
        by_request[text_of(*ctx, "request_id")].push_back(std::move(l));
    }
    for (const auto& [id, lines] : by_request) {
        result.request_ids.insert(id);
        check_story(id, lines, result.problems);
        for (const logged& l : lines)
            if (l.path != "/backend/inventory") result.threads.insert(l.thread);
    }
    return result;
}

std::vector<std::string> check_numbered_ids(const std::set<std::string>& ids,
                                            const std::vector<numbered_ids>& numbered,
                                            std::size_t max_problems) {
    std::vector<std::string> problems;
    std::size_t more = 0;
    const auto problem = [&](std::string what) {
        if (problems.size() < max_problems)
            problems.push_back(std::move(what));
        else
            ++more;
    };
    // Which generator made `id`, and its number: the longest prefix wins.
    const auto made_by = [&](const std::string& id) -> std::pair<const numbered_ids*, std::uint64_t> {
        const numbered_ids* best = nullptr;
        std::uint64_t number = 0;
        for (const numbered_ids& n : numbered) {
            if (id.size() <= n.prefix.size() || id.compare(0, n.prefix.size(), n.prefix) != 0 ||
                (best != nullptr && best->prefix.size() >= n.prefix.size()))
                continue;
            const std::string_view digits = std::string_view(id).substr(n.prefix.size());
            std::uint64_t k = 0;
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
            if (ec != std::errc{} || end != digits.data() + digits.size() || digits[0] == '0')
                continue;
            best = &n;
            number = k;
        }
        return {best, number};
    };
    for (const std::string& id : ids) {
        const auto [by, k] = made_by(id);
        if (by == nullptr || k > by->made) problem("request id " + id + " was never sent");
    }
    for (const numbered_ids& n : numbered) {
        const std::uint64_t sure = n.made > n.in_flight ? n.made - n.in_flight : 0;
        for (std::uint64_t k = 1; k <= sure; ++k)
            if (ids.count(n.prefix + std::to_string(k)) == 0)
                problem("request " + n.prefix + std::to_string(k) + " has no line in the log");
    }
    if (more > 0) problems.push_back("... and " + std::to_string(more) + " more");
    return problems;
}

}  // namespace example::http
