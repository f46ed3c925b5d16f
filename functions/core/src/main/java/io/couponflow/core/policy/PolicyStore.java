package io.couponflow.core.policy;

import java.util.List;
import java.util.Optional;

/**
 * Port: versioned policies. Writing a version and making it active are separate steps; promotion and
 * rollback are each a single conditional write of the ACTIVE pointer, so a crash between any two
 * steps leaves the serving policy intact.
 */
public interface PolicyStore {

    /** The serving policy, if any. */
    Optional<PolicyVersion> active();

    Optional<PolicyVersion> get(String version);

    /** Stores a new version (never overwrites one). */
    void save(PolicyVersion version);

    /** Points ACTIVE at {@code version} if it still points at {@code expectedActive} (null = none yet). */
    boolean promote(String version, String expectedActive);

    /** Points ACTIVE back at the version that served before the current one; false if there is none. */
    boolean rollback();

    List<PolicyVersion> versions();

    /** The versions that served before the active one, oldest first (a rollback returns to the last). */
    List<String> history();
}
