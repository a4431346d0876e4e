#include "ServiceCatalog.h"

#include "AuthModule.h"
#include "BillingModule.h"
#include "DeliveryModule.h"
#include "NotificationModule.h"
#include "OrderModule.h"
#include "StockModule.h"
#include "UserModule.h"

namespace lotok {

std::vector<host::ServiceSpec> serviceCatalog() {
    return {
        {"auth", "auth", &services::auth::createModule, services::auth::settings()},
        {"user", "users", &services::user::createModule},
        {"stock", "stock", &services::stock::createModule, services::stock::settings()},
        {"billing", "billing", &services::billing::createModule},
        {"order", "orders", &services::order::createModule, services::order::settings()},
        {"delivery", "delivery", &services::delivery::createModule},
        {"notification", "notification", &services::notification::createModule,
         services::notification::settings()},
    };
}

} // namespace lotok
