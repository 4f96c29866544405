#include "log_writer.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>
#include <utility>

namespace fiberlog::tail::test {

namespace {

const char* const builtins[] = {"ts",          "level",   "logger",   "fiber",   "parent",
                                "thread",      "msg",     "ctx",      "deadline_ms", "service",
                                "host",        "pid",     "trace_id", "span_id", "parent_span_id"};

std::string escaped(const std::string& s) {
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out;
}

std::string number(double d) {
    char buf[40];
    const auto end = std::to_chars(buf, buf + 32, d).ptr;
    std::string s(buf, end);
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
    return s;
}

bool reads_as_number_or_bool(const std::string& s) {
    if (s == "true" || s == "false") return true;
    const char* end = s.data() + s.size();
    std::int64_t i = 0;
    if (std::from_chars(s.data(), end, i).ptr == end) return true;
    double d = 0;
    const auto r = std::from_chars(s.data(), end, d);
    return r.ec == std::errc{} && r.ptr == end;
}

std::string text_value(const ctx_value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) return number(*d);
    if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    const std::string& s = std::get<std::string>(v);
    bool quote = s.empty() || reads_as_number_or_bool(s);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        quote |=
            c <= 0x20 || c == 0x7f || c == '"' || c == '=' || c == '\\' || c == '{' || c == '}';
    }
    return quote ? "\"" + escaped(s) + "\"" : s;
}

std::string json_value(const ctx_value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return "\"" + escaped(*s) + "\"";
    return text_value(v);
}

std::string civil(std::int64_t ts_us, char separator) {
    const std::time_t secs = static_cast<std::time_t>(ts_us / 1'000'000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d.%06lld", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, separator, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(ts_us % 1'000'000));
    return buf;
}

}  // namespace

log_line line_at(std::int64_t ms, std::uint64_t fiber, std::string msg) {
    log_line l;
    l.ts_us += ms * 1000;
    l.fiber = fiber;
    l.msg = std::move(msg);
    return l;
}

log_line traced_line(std::int64_t ms, std::uint64_t fiber, std::string msg, std::string service,
                     std::string host, std::uint64_t pid, std::string span_id,
                     std::string parent_span_id) {
    log_line l = line_at(ms, fiber, std::move(msg));
    l.service = std::move(service);
    l.host = std::move(host);
    l.pid = pid;
    l.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    l.span_id = std::move(span_id);
    l.parent_span_id = std::move(parent_span_id);
    return l;
}

std::string rfc3339(std::int64_t ts_us) { return civil(ts_us, 'T') + "Z"; }

std::string json_line(const log_line& l, bool flatten) {
    std::string out =
        "{\"ts\":\"" + rfc3339(l.ts_us) + "\",\"level\":\"" + l.level + "\",\"logger\":\"" +
        escaped(l.logger) + "\",\"fiber\":" + std::to_string(l.fiber) +
        ",\"parent\":" + std::to_string(l.parent) + ",\"thread\":" + std::to_string(l.thread);
    const auto add_string = [&](const char* name, const std::string& value) {
        if (!value.empty()) out += ",\"" + std::string(name) + "\":\"" + escaped(value) + "\"";
    };
    add_string("service", l.service);
    add_string("host", l.host);
    if (l.pid) out += ",\"pid\":" + std::to_string(*l.pid);
    add_string("trace_id", l.trace_id);
    add_string("span_id", l.span_id);
    add_string("parent_span_id", l.parent_span_id);
    out += ",\"msg\":\"" + escaped(l.msg) + "\"";
    if (flatten) {
        for (const auto& [key, value] : l.ctx) {
            bool collides = key.rfind("ctx.", 0) == 0;
            for (const char* b : builtins) collides |= key == b;
            out += ",\"" + std::string(collides ? "ctx." : "") + key + "\":" + json_value(value);
        }
        return out + "}";
    }
    out += ",\"ctx\":{";
    for (std::size_t i = 0; i < l.ctx.size(); ++i) {
        out += (i > 0 ? ",\"" : "\"") + l.ctx[i].first + "\":" + json_value(l.ctx[i].second);
    }
    return out + "}}";
}

std::string text_line(const log_line& l) {
    std::string out = "[" + civil(l.ts_us, ' ') + "] [" + l.logger + "] [" + l.level + "] [" +
                      std::to_string(l.fiber) + "/" + std::to_string(l.parent) + "] {";
    for (std::size_t i = 0; i < l.ctx.size(); ++i) {
        out += (i > 0 ? " " : "") + l.ctx[i].first + "=" + text_value(l.ctx[i].second);
    }
    return out + "} " + l.msg;
}

}  // namespace fiberlog::tail::test
