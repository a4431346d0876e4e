#pragma once

#include <string>

namespace lotok::config {

// One key of a component's own section of the config file, declared by the component that
// reads it (a service's module), with its default and its smallest allowed value. The
// platform knows no service's keys: it checks the file against what the hosted components
// declared, so a typo is still refused at start.
struct Setting {
    enum class Kind { Integer, Text };
    std::string section; // "order"
    std::string key;     // "saga_recovery_seconds"
    int fallback = 0;
    int minimum = 1;
    Kind kind = Kind::Integer;
    std::string textFallback = {}; // a Text setting's default

    static Setting text(std::string section, std::string key, std::string fallback = {}) {
        return Setting{std::move(section), std::move(key), 0, 0, Kind::Text, std::move(fallback)};
    }
};

} // namespace lotok::config
