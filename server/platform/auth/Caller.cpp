#include "auth/Caller.h"

namespace lotok::auth {

std::string toString(Role role) {
    switch (role) {
    case Role::Customer:
        return "customer";
    case Role::Staff:
        return "staff";
    case Role::Service:
        return "service";
    }
    return "customer";
}

bool roleFromString(const std::string& text, Role& out) {
    if (text == "customer") {
        out = Role::Customer;
    } else if (text == "staff") {
        out = Role::Staff;
    } else if (text == "service") {
        out = Role::Service;
    } else {
        return false;
    }
    return true;
}

} // namespace lotok::auth
