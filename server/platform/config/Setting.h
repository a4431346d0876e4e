#pragma once

#include <string>

namespace lotok::config {

// One key of a component's own section of the config file, declared by the component that
// reads it (a service's module), with its default and its smallest allowed value. The
// platform knows no service's keys: it checks the file against what the hosted components
// declared, so a typo is still refused at start.
struct Setting {
    std::string section; // "order"
    std::string key;     // "saga_recovery_seconds"
    int fallback = 0;
    int minimum = 1;
};

} // namespace lotok::config
