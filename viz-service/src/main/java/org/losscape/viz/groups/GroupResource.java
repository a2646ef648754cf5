package org.losscape.viz.groups;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.losscape.viz.api.ApiException;
import org.losscape.viz.api.Ids;
import org.losscape.viz.surfaces.SurfaceRegistry;
import org.losscape.viz.surfaces.SurfaceSnapshot;
import org.losscape.viz.surfaces.SurfaceState;
import org.losscape.viz.surfaces.SurfaceSummary;

/**
 * Groups of surfaces planned together (the train and test curves of an interpolation, the
 * seeds of 1-D directions, the runs of a comparison): {@code GET /api/groups} lists them,
 * {@code GET /api/groups/{groupId}} gives one with every member's values. A group exists while
 * at least one of its surfaces is known; an unknown group id gives 404.
 */
@Path("/api/groups")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    private static final String MIXED = "mixed";

    private final SurfaceRegistry registry;

    GroupResource(SurfaceRegistry registry) {
        this.registry = registry;
    }

    /** Every group, the one with the newest member first. */
    @GET
    public List<GroupSummary> list() {
        Map<String, List<SurfaceSummary>> groups =
                registry.summaries().stream()
                        .filter(surface -> surface.groupId() != null)
                        .collect(
                                Collectors.groupingBy(
                                        SurfaceSummary::groupId,
                                        LinkedHashMap::new,
                                        Collectors.toList()));

        return groups.entrySet().stream()
                .map(group -> summary(group.getKey(), group.getValue()))
                .sorted(
                        Comparator.comparing(
                                        GroupSummary::createdAt,
                                        Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
                                .reversed())
                .toList();
    }

    /** One group with its members' summaries and values. */
    @GET
    @Path("{groupId}")
    public GroupView get(@PathParam("groupId") String groupId) {
        Ids.requireSurfaceId("groupId", groupId);
        List<SurfaceSnapshot> members = registry.group(groupId);
        if (members.isEmpty()) {
            throw ApiException.notFound("group", "groupId", groupId);
        }

        List<SurfaceSummary> summaries = members.stream().map(SurfaceSnapshot::surface).toList();
        int done = sum(summaries, SurfaceSummary::pointsDone);
        int total = sum(summaries, SurfaceSummary::pointsTotal);
        return new GroupView(
                groupId,
                kind(summaries),
                SurfaceState.of(done, total).label(),
                done,
                total,
                members);
    }

    private static GroupSummary summary(String groupId, List<SurfaceSummary> members) {
        List<SurfaceSummary> ordered =
                members.stream().sorted(SurfaceRegistry.GROUP_ORDER).toList();
        int done = sum(ordered, SurfaceSummary::pointsDone);
        int total = sum(ordered, SurfaceSummary::pointsTotal);
        Instant newest =
                ordered.stream()
                        .map(SurfaceSummary::createdAt)
                        .filter(time -> time != null)
                        .max(Comparator.naturalOrder())
                        .orElse(null);
        return new GroupSummary(
                groupId,
                kind(ordered),
                ordered.stream().map(SurfaceSummary::surfaceId).toList(),
                SurfaceState.of(done, total).label(),
                done,
                total,
                newest);
    }

    private static String kind(List<SurfaceSummary> members) {
        List<String> kinds = members.stream().map(SurfaceSummary::kind).distinct().toList();
        return kinds.size() == 1 ? kinds.get(0) : MIXED;
    }

    private static int sum(List<SurfaceSummary> members, ToIntFunction<SurfaceSummary> count) {
        return members.stream().mapToInt(count).sum();
    }
}
