// What a reader of fiberlog's logs takes from fiberlog::log_format: the layout, the field
// names, and how a value of the text layout is typed.

#include <iostream>
#include <string>

#include <fiberlog/log_format.hpp>

int main() {
    namespace lf = fiberlog::log_format;
    std::string out(lf::default_pattern);
    out += " |";
    for (std::string_view f : lf::builtin_fields) {
        out += ' ';
        out += f;
    }
    out += " | ";
    lf::append_text_string(out, "two words");
    out += lf::bare_kind("2.5") == lf::value_kind::floating ? " 2.5 is a double" : " ?";
    std::cout << "reader sees " << out << std::endl;
}
