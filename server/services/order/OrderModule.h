#pragma once

#include "config/Setting.h"
#include "host/Service.h"

#include <memory>
#include <vector>

namespace lotok::services::order {

std::unique_ptr<host::Service> createModule(host::ServiceContext& context);
// The keys of the [order] section this service reads.
std::vector<config::Setting> settings();

} // namespace lotok::services::order
