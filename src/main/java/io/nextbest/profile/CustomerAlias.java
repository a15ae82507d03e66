package io.nextbest.profile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An anonymous id (cookie, device) that belongs to a known customer. */
@Entity
@Table(name = "customer_alias")
public class CustomerAlias {
    @Id
    @Column(name = "alias_id")
    public String aliasId;

    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "created_at")
    public Instant createdAt;
}
