package io.couponflow.core.coupon;

import java.util.List;
import java.util.Optional;

/** Port: the coupon catalogue. */
public interface CouponCatalog {
    Optional<Coupon> get(String couponId);

    void put(Coupon coupon);

    /** Every coupon (catalogues are small: hundreds, not millions). */
    List<Coupon> all();
}
