package io.flowplane.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/config/revision")
@Produces(MediaType.APPLICATION_JSON)
public class RevisionResource {
    public record Revision(long revision) {}

    private final ConfigStores reads;

    public RevisionResource(ConfigStores reads) {
        this.reads = reads;
    }

    @GET
    public Revision current() {
        return new Revision(reads.revisions().current());
    }
}
