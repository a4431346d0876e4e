#pragma once

#include "host/Service.h"

#include <memory>

namespace lotok::services::notification {

std::unique_ptr<host::Service> createModule(host::ServiceContext& context);
// The keys of its [mail] section.
std::vector<config::Setting> settings();

} // namespace lotok::services::notification
