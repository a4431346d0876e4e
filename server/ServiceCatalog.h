#pragma once

#include "host/Service.h"

#include <vector>

namespace lotok {

// The seven services and their schemas: the one place that knows them all (the
// composition root), so no service needs to know another.
std::vector<host::ServiceSpec> serviceCatalog();

} // namespace lotok
