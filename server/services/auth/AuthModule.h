#pragma once

#include "config/Setting.h"
#include "host/Service.h"

#include <memory>
#include <vector>

namespace lotok::services::auth {

std::unique_ptr<host::Service> createModule(host::ServiceContext& context);
// The keys of the [auth] section this service reads.
std::vector<config::Setting> settings();

} // namespace lotok::services::auth
