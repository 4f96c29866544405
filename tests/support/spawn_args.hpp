#pragma once

// What the tests that start a child process with posix_spawn share: its environment and
// its argument vectors in the form exec takes.

#include <string>
#include <vector>

extern char** environ;

namespace fiberlog::test {

// This process's environment with `extra` ("NAME=value") added, each replacing a variable
// of the same name.
inline std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        const std::string name = entry.substr(0, entry.find('='));
        bool replaced = false;
        for (const std::string& x : extra) replaced |= x.substr(0, x.find('=')) == name;
        if (!replaced) env.push_back(entry);
    }
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
}

// Pointers into `strings`, null-terminated, for posix_spawn's argv and envp; valid while
// `strings` is alive and unchanged.
inline std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (std::string& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

}  // namespace fiberlog::test
