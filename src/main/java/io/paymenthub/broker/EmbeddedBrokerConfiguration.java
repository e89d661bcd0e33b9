package io.paymenthub.broker;

import java.io.File;
import java.util.List;

import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.policy.IndividualDeadLetterStrategy;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-setup broker: an ActiveMQ Classic broker inside the hub's process, persistent (KahaDB
 * under the data folder, synchronous writes), reached by the hub over the vm:// transport and, unless
 * {@code hub.embedded-broker.listen} is false (the prod profile), by other programs on this machine over OpenWire and
 * STOMP on 127.0.0.1 ({@link LoopbackConnectors}). It starts only while
 * {@code spring.activemq.broker-url} is a vm:// URL (the default); with a tcp:// or failover: URL the hub uses that
 * broker instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.activemq.broker-url:}'.startsWith('vm://')")
public class EmbeddedBrokerConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    BrokerService embeddedBroker(@Value("${hub.embedded-broker.name}") String name,
                                 @Value("${hub.data-dir}") String dataDir,
                                 @Value("${hub.embedded-broker.memory-limit:64mb}") String memoryLimit,
                                 @Value("${hub.embedded-broker.store-limit:2gb}") String storeLimit,
                                 @Value("${hub.embedded-broker.listen:false}") boolean listen,
                                 @Value("${hub.embedded-broker.openwire-port:61616}") int openwirePort,
                                 @Value("${hub.embedded-broker.stomp-port:61613}") int stompPort) throws Exception {
        BrokerService broker = new BrokerService();
        broker.setBrokerName(name);
        broker.setUseJmx(false);
        broker.setPersistent(true);
        broker.setUseShutdownHook(false);
        broker.setDataDirectoryFile(new File(dataDir, "activemq"));

        KahaDBPersistenceAdapter store = new KahaDBPersistenceAdapter();
        store.setDirectory(new File(dataDir, "activemq/kahadb"));
        // an acknowledged send must survive kill -9: write the journal before answering
        store.setEnableJournalDiskSyncs(true);
        broker.setPersistenceAdapter(store);

        // limits that fit the JVM heap (the 1 GB default does not, and the broker warns)
        broker.getSystemUsage().getMemoryUsage().setLimit(parseBytes(memoryLimit));
        broker.getSystemUsage().getStoreUsage().setLimit(parseBytes(storeLimit));
        broker.getSystemUsage().getTempUsage().setLimit(parseBytes(storeLimit) / 4);

        // messages the broker gives up on go to DLQ.<queue>, the contract's naming (section 6)
        IndividualDeadLetterStrategy deadLetters = new IndividualDeadLetterStrategy();
        deadLetters.setQueuePrefix("DLQ.");
        deadLetters.setUseQueueForQueueMessages(true);
        PolicyEntry everyQueue = new PolicyEntry();
        everyQueue.setQueue(">");
        everyQueue.setDeadLetterStrategy(deadLetters);
        PolicyMap policies = new PolicyMap();
        policies.setPolicyEntries(List.of(everyQueue));
        broker.setDestinationPolicy(policies);

        // answers statistics requests: the hub's queue and dead-letter depth gauges (QueueDepths), which the alert
        // monitor's DeadLetterQueueGrowing reads
        broker.setPlugins(new BrokerPlugin[] {new StatisticsBrokerPlugin()});
        if (listen) {
            LoopbackConnectors.addTo(broker, openwirePort, stompPort);
        }
        return broker;
    }

    static long parseBytes(String size) {
        return org.springframework.util.unit.DataSize.parse(size.toUpperCase().replace("IB", "B")).toBytes();
    }
}
