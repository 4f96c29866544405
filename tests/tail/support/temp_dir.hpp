#pragma once

// A fresh directory for a test's files, removed with everything in it at the end.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace fiberlog::tail::test {

class temp_dir {
public:
    temp_dir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "fiberlog-tail-test.XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    // The directory's own path.
    std::string path() const { return path_.string(); }

    // The path of `name` in the directory.
    std::string file(const std::string& name) const { return (path_ / name).string(); }

    // Creates or replaces `name` with `content`; returns its path.
    std::string write(const std::string& name, const std::string& content) const {
        std::ofstream(file(name), std::ios::binary | std::ios::trunc) << content;
        return file(name);
    }

    // Appends `content` to `name`.
    void append(const std::string& name, const std::string& content) const {
        std::ofstream(file(name), std::ios::binary | std::ios::app) << content;
    }

private:
    std::filesystem::path path_;
};

}  // namespace fiberlog::tail::test
