#include "domain/address_protection.h"

bool address_visible(bool address_protected, address_view view, bool may_read_protected)
{
    switch (view) {
    case ADDRESS_VIEW_RECORD:
        return !address_protected || may_read_protected;
    case ADDRESS_VIEW_PAPER:
        return !address_protected;
    case ADDRESS_VIEW_PARTNER:
        return false;
    }
    return false;
}
