#pragma once

#include <string>
#include <vector>

namespace lotok {

// lotokd's command line: serve, migrate, staff add, demo-seed, db start|stop|url.
int runCli(const std::vector<std::string>& args);

} // namespace lotok
