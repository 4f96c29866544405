#include "http_service/command_line.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace example::http {

unsigned long number_argument(std::string_view flag, std::string_view text, unsigned long min,
                              unsigned long max) {
    unsigned long n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n < min || n > max)
        throw std::invalid_argument(std::string(flag) + " wants a number from " +
                                    std::to_string(min) + " to " + std::to_string(max) + ", not '" +
                                    std::string(text) + "'");
    return n;
}

spdlog::level::level_enum level_argument(std::string_view text) {
    const auto found = spdlog::level::from_str(std::string(text));
    // from_str() gives `off` for any name it does not know.
    if (found == spdlog::level::off && text != "off")
        throw std::invalid_argument(
            "--console wants trace, debug, info, warn, error, critical or off, not '" +
            std::string(text) + "'");
    return found;
}

command_line parse_command_line(const std::vector<std::string_view>& args) {
    command_line c;
    c.service.port = 8080;
    c.service.stop_on_signals = true;
    c.log.json_path = "http_service.jsonl";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view flag = args[i];
        if (flag == "--help") {
            c.help = true;
            continue;
        }
        if (flag == "--plain") {
            c.log.with = logging::formatter::plain;
            continue;
        }
        if (flag != "--port" && flag != "--threads" && flag != "--log" && flag != "--console" &&
            flag != "--db-ms")
            throw std::invalid_argument("unknown option '" + std::string(flag) + "'");
        if (i + 1 == args.size()) throw std::invalid_argument(std::string(flag) + " wants a value");
        const std::string_view value = args[++i];
        if (flag == "--port") {
            c.service.port = static_cast<std::uint16_t>(number_argument(flag, value, 0, 65535));
        } else if (flag == "--threads") {
            c.service.threads = static_cast<unsigned>(number_argument(flag, value, 1, 256));
        } else if (flag == "--log") {
            if (value.empty()) throw std::invalid_argument("--log wants a file name");
            c.log.json_path = std::string(value);
        } else if (flag == "--console") {
            c.log.console_level = level_argument(value);
        } else {
            c.service.db_latency =
                std::chrono::milliseconds(number_argument(flag, value, 0, 60000));
        }
    }
    return c;
}

}  // namespace example::http
