// The architecture's one hard rule: a service never includes another service's code.
// Every quoted include in server/services/<name>/ must name a file of that service, of
// the platform (server/platform) or of the shared contract library (shared/include).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

namespace fs = std::filesystem;

TEST_CASE("no service includes another service's code") {
    const fs::path root = LOTOK_SOURCE_DIR;
    const auto services = root / "server" / "services";
    const std::regex include(R"re(^\s*#\s*include\s*"([^"]+)")re");
    int checked = 0;
    std::vector<std::string> violations;
    for (const auto& service : fs::directory_iterator(services)) {
        if (!service.is_directory()) {
            continue;
        }
        for (const auto& file : fs::recursive_directory_iterator(service.path())) {
            const auto extension = file.path().extension();
            if (extension != ".h" && extension != ".cpp") {
                continue;
            }
            std::ifstream in(file.path());
            std::string line;
            while (std::getline(in, line)) {
                std::smatch match;
                if (!std::regex_search(line, match, include)) {
                    continue;
                }
                const std::string target = match[1];
                ++checked;
                const bool own = fs::exists(file.path().parent_path() / target) &&
                                 target.find("..") == std::string::npos;
                const bool platform = fs::exists(root / "server" / "platform" / target);
                const bool shared = fs::exists(root / "shared" / "include" / target);
                if (!own && !platform && !shared) {
                    violations.push_back(file.path().string() + ": " + target);
                }
            }
        }
    }
    INFO("includes crossing a service boundary:\n"
         << [&] {
                std::string all;
                for (const auto& v : violations) {
                    all += v + "\n";
                }
                return all;
            }());
    CHECK(violations.empty());
    CHECK(checked > 50); // the scan really looked at the services
}
