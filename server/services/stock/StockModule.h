#pragma once

#include "config/Setting.h"
#include "host/Service.h"

#include <memory>
#include <vector>

namespace lotok::services::stock {

std::unique_ptr<host::Service> createModule(host::ServiceContext& context);
// The keys of the [stock] section this service reads.
std::vector<config::Setting> settings();

} // namespace lotok::services::stock
