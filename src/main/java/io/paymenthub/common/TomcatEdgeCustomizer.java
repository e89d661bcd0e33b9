package io.paymenthub.common;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts {@link JsonErrorReportValve} in place of Tomcat's (and Spring Boot's) HTML error report valve, so the
 * requests Tomcat refuses itself are answered in the contract's JSON too. Runs after Spring Boot's own
 * customizer, which adds its valve in a context customizer of its own.
 */
public class TomcatEdgeCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> useJsonErrorReport(context.getParent()));
    }

    static void useJsonErrorReport(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
                host.getPipeline().removeValve(valve);
            }
        }
        if (host instanceof StandardHost standardHost) {
            // the host adds a valve of this class when it starts, unless one is there already
            standardHost.setErrorReportValveClass(JsonErrorReportValve.class.getName());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
