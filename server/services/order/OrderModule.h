#pragma once

#include "host/Service.h"

#include <memory>

namespace lotok::services::order {

std::unique_ptr<host::Service> createModule(host::ServiceContext& context);

} // namespace lotok::services::order
