#pragma once

// The properties the fuzz harnesses check, shared with the regression test that replays
// fuzz/regressions/ (and the seed corpora) under the normal compiler. Each returns "" when
// every property holds, else a description of the first one violated.

#include <cstddef>
#include <cstdint>
#include <string>

namespace fiberlog::fuzz {

// JSON: the escaper's output parses with nlohmann::json (strict) and reads back as the input,
// with each byte of invalid UTF-8 replaced by U+FFFD; same for a context's json() and for
// whole lines of json_formatter() (nested and flattened), message and logger name included.
// Also: a context key is accepted exactly when README's key rule allows it.
std::string check_json(const std::uint8_t* data, std::size_t size);

// Text: a strict reader of README's "Text rendering of values" reads back exactly the
// input string, and exactly the pairs of a context from its text() and from %K and %N;
// no output holds a control character (so no newline), and no value forges a pair.
std::string check_text(const std::uint8_t* data, std::size_t size);

// W3C propagation: any bytes as a traceparent, a tracestate or a baggage header never throw;
// traceparent and tracestate are read exactly as a second reading of Trace Context Level 1 in
// the check says, rejections counted once; what fiberlog sends (traceparent(), tracestate(),
// baggage()) is well-formed, within the limits, and reads back as itself.
std::string check_traceparent(const std::uint8_t* data, std::size_t size);
std::string check_tracestate(const std::uint8_t* data, std::size_t size);
std::string check_baggage(const std::uint8_t* data, std::size_t size);

// fiberlog-tail's line parser: any bytes, as one line and split at newlines, must not crash
// or hang (sanitizers and the fuzzer's timeout judge that); always returns "".
std::string check_tail_line(const std::uint8_t* data, std::size_t size);

}  // namespace fiberlog::fuzz
