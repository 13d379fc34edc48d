package io.tillgate.store;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.UUID;

class H2StoreTest extends StoreContract {
    private final JdbcDataSource dataSource = new JdbcDataSource();

    H2StoreTest() {
        dataSource.setURL("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    DataSource dataSource() {
        return dataSource;
    }
}
