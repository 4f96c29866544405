#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "checks.hpp"
#include "line_parser.hpp"
#include "record.hpp"

namespace fiberlog::fuzz {

std::string check_tail_line(const std::uint8_t* data, std::size_t size) {
    // The parsers may read line_padding bytes past a line, as fiberlog-tail's buffers allow.
    std::vector<char> buf(size + tail::line_padding, '\0');
    std::copy(data, data + size, buf.begin());
    const std::string_view all(buf.data(), size);

    static tail::line_parser lines;  // one parser for every input, as fiberlog-tail keeps one
    static tail::json_parser json;
    static tail::text_parser text;
    tail::record out, reference;
    std::string failure;
    auto parse_every_way = [&](std::string_view line) {
        // Read the record back, so ASan sees any view that points outside the line or parser.
        auto touch = [&] {
            std::size_t sum = out.logger.size() + out.msg.size() + out.deadline_ms.size();
            for (const auto& f : out.ctx) sum += f.key.size() + f.text.size();
            for (char c : out.msg) sum += static_cast<unsigned char>(c);
            for (const auto& f : out.ctx)
                for (char c : f.text) sum += static_cast<unsigned char>(c);
            return sum;
        };
        volatile std::size_t sink = 0;
        if (lines.parse(line, out)) sink = sink + touch();
        const bool fast_ok = json.parse(line, out);
        if (fast_ok) sink = sink + touch();
        // The fast reader must give simdjson's answer and record.
        static tail::json_parser simdjson_only;
        const bool reference_ok = simdjson_only.parse_with_simdjson(line, reference);
        if (failure.empty() && (fast_ok != reference_ok || (fast_ok && !(out == reference)))) {
            failure = "the fast JSON reader and simdjson disagree on a line of " +
                      std::to_string(line.size()) + " bytes";
        }
        if (text.parse(line, out)) sink = sink + touch();
    };
    parse_every_way(all);
    std::size_t start = 0;
    while (start < size) {
        std::size_t end = all.find('\n', start);
        if (end == std::string_view::npos) end = size;
        parse_every_way(all.substr(start, end - start));
        start = end + 1;
    }
    return failure;
}

}  // namespace fiberlog::fuzz
