package io.couponflow.common;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types that Jackson reads or writes by reflection in the functions: a native image must keep their
 * constructors, getters and setters. (Declared for native builds; no native build was run here.)
 */
@RegisterForReflection(targets = {
        APIGatewayV2HTTPEvent.class,
        APIGatewayV2HTTPEvent.RequestContext.class,
        APIGatewayV2HTTPEvent.RequestContext.Http.class,
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.class,
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.class,
        APIGatewayV2HTTPEvent.RequestContext.IAM.class,
        APIGatewayV2HTTPEvent.RequestContext.CognitoIdentity.class,
        APIGatewayV2HTTPResponse.class,
        io.couponflow.core.learn.RetrainSummary.class,
        io.couponflow.core.coupon.BudgetDay.class,
        io.couponflow.core.ope.Estimate.class,
        io.couponflow.core.report.AbReport.class,
        io.couponflow.core.report.AbReport.Group.class,
        io.couponflow.core.report.AbReport.Interval.class,
        io.couponflow.core.report.AbReport.Agreement.class
})
public final class NativeReflection {
    private NativeReflection() {
    }
}
