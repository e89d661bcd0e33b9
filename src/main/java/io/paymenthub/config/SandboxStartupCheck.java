package io.paymenthub.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with a mix of real and sandbox settings ({@link SandboxMode}). A bean factory post
 * processor, so it runs with the whole configuration (test properties included) but before any bean is
 * created: no migration, broker or port is started for a configuration that is refused.
 */
@Component
public class SandboxStartupCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        SandboxMode.of(environment).refusal().ifPresent(reason -> {
            throw new Refused(reason);
        });
    }

    /** The configuration mixes real and sandbox settings; the message says which are which. */
    public static class Refused extends IllegalStateException {
        public Refused(String message) {
            super(message);
        }
    }
}
