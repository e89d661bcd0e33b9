package io.paymenthub.confirmation;

import java.util.Locale;
import java.util.Properties;

import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.JavaMailSender;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SMTP connection of the confirmation mails, built from {@link ConfirmationProperties} as a bean so that the route's
 * endpoint carries no host, user or password of its own: encryption required (STARTTLS that the server must offer, or
 * SMTPS) with the server's certificate checked against its host name, and every wait of a send bounded.
 */
@Configuration(proxyBeanMethods = false)
public class ConfirmationMailConfiguration {

    public ConfirmationMailConfiguration(ConfirmationProperties properties) {
        properties.check();
    }

    @Bean("confirmationMailSender")
    @ConditionalOnProperty(name = "hub.confirmations.enabled", havingValue = "true")
    JavaMailSender confirmationMailSender(ConfirmationProperties properties) {
        ConfirmationProperties.Smtp smtp = properties.getSmtp();
        String security = smtp.getSecurity().toLowerCase(Locale.ROOT);
        String protocol = security.equals("ssl") ? "smtps" : "smtp";
        DefaultJavaMailSender sender = new DefaultJavaMailSender();
        sender.setProtocol(protocol);
        sender.setHost(smtp.getHost());
        sender.setPort(smtp.getPort());
        if (!smtp.getUsername().isBlank()) {
            sender.setUsername(smtp.getUsername());
            sender.setPassword(smtp.getPassword());
        }
        sender.setJavaMailProperties(javaMailProperties(protocol, security, smtp));
        return sender;
    }

    static Properties javaMailProperties(String protocol, String security, ConfirmationProperties.Smtp smtp) {
        String prefix = "mail." + protocol + ".";
        String timeout = String.valueOf(smtp.getTimeout().toMillis());
        Properties mail = new Properties();
        mail.setProperty("mail.transport.protocol", protocol);
        mail.setProperty(prefix + "connectiontimeout", timeout);
        mail.setProperty(prefix + "timeout", timeout);
        mail.setProperty(prefix + "writetimeout", timeout);
        mail.setProperty(prefix + "auth", String.valueOf(!smtp.getUsername().isBlank()));
        if (security.equals("starttls")) {
            // a server that does not offer STARTTLS is refused, not talked to in clear text
            mail.setProperty(prefix + "starttls.enable", "true");
            mail.setProperty(prefix + "starttls.required", "true");
        }
        if (!security.equals("none")) {
            mail.setProperty(prefix + "ssl.checkserveridentity", "true");
        }
        return mail;
    }
}
