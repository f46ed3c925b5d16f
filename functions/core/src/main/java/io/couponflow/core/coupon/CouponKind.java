package io.couponflow.core.coupon;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a coupon's value is read: an amount off, a percentage off, or the shipping fee waived. */
public enum CouponKind {
    FIXED, PERCENT, FREE_SHIPPING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CouponKind> fromWire(String s) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(s)).findFirst();
    }
}
