package dev.facereel.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Person;
import dev.facereel.examples.common.ExitCodes;
import dev.facereel.examples.common.JobOptions;
import dev.facereel.examples.common.TuningOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code facereel cast}: a show's people. Changes go to the show's cast at once; each episode takes them the next
 * time its name stage runs ({@code facereel analyze} runs it, skipping the stages that are up to date).
 */
@Command(name = "cast", mixinStandardHelpOptions = true,
        description = "List or change a show's cast; episodes take a change the next time 'facereel analyze' runs "
                + "their name stage.",
        subcommands = {CastCommand.Add.class, CastCommand.ListPeople.class, CastCommand.Rename.class,
                CastCommand.Remove.class})
final class CastCommand {
    private static final String NEXT = "; episodes take it when 'facereel analyze' runs their name stage again";

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add reference photos of a person (each showing exactly one face), creating the person if "
                    + "new.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The person's name.")
        String name;

        @Option(names = "--photo", required = true, paramLabel = "FILE",
                description = "A reference photo (JPEG, PNG…) with one face; may be repeated.")
        List<Path> photos;

        @Mixin
        ShowDataOptions show;

        @Mixin
        JobOptions job;

        @Mixin
        TuningOptions tuning;

        @Override
        public Integer call() {
            try (FacePipeline pipeline = show.store.apply(job.pipeline(show.data, tuning)).build()) {
                int before = pipeline.show(show.show).cast().personNamed(name.isBlank() ? " " : name)
                        .map(p -> p.references().size()).orElse(-1);
                Person p = pipeline.show(show.show).add(name, photos);
                System.out.println((before < 0 ? "added " : "gave ") + p.id() + " '" + p.name() + "' "
                        + photos.size() + " reference photo" + (photos.size() == 1 ? "" : "s") + " in show '"
                        + show.show + "' (" + counts(p) + ")" + NEXT);
            }
            return ExitCodes.DONE;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the show's people: ids, names and reference counts per model.")
    static final class ListPeople implements Callable<Integer> {
        @Mixin
        ShowDataOptions show;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Cast cast;
            try (FacePipeline pipeline = show.pipeline()) {
                cast = pipeline.show(show.show).cast();
            }
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode root = mapper.createObjectNode();
                root.put("show", cast.show());
                root.put("version", cast.version());
                var people = root.putArray("people");
                for (Person p : cast.people()) {
                    ObjectNode n = people.addObject();
                    n.put("id", p.id());
                    n.put("name", p.name());
                    ObjectNode refs = n.putObject("references");
                    p.referenceCounts().forEach(refs::put);
                }
                System.out.println(mapper.writeValueAsString(root));
                return ExitCodes.DONE;
            }
            if (cast.people().isEmpty()) {
                System.out.println("show '" + cast.show() + "' has nobody in its cast yet");
                return ExitCodes.DONE;
            }
            System.out.println("show '" + cast.show() + "', cast version " + cast.version() + ":");
            for (Person p : cast.people()) {
                System.out.println("  " + p.id() + "  " + p.name() + "  " + counts(p));
            }
            return ExitCodes.DONE;
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename a person of the show.")
    static final class Rename implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "OLD", description = "The person's name now.")
        String oldName;

        @Parameters(index = "1", paramLabel = "NEW", description = "The new name.")
        String newName;

        @Mixin
        ShowDataOptions show;

        @Override
        public Integer call() {
            try (FacePipeline pipeline = show.pipeline()) {
                Person p = pipeline.show(show.show).rename(oldName, newName);
                System.out.println("renamed " + p.id() + " '" + oldName.strip() + "' to '" + p.name() + "' in show '"
                        + show.show + "'" + NEXT);
            }
            return ExitCodes.DONE;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a person and their references from the show's cast.")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The person's name.")
        String name;

        @Mixin
        ShowDataOptions show;

        @Override
        public Integer call() {
            try (FacePipeline pipeline = show.pipeline()) {
                String id = pipeline.show(show.show).cast().personNamed(name).map(Person::id).orElse(null);
                pipeline.show(show.show).remove(name);
                System.out.println("removed " + id + " '" + name.strip() + "' from show '" + show.show + "'" + NEXT);
            }
            return ExitCodes.DONE;
        }
    }

    static String counts(Person p) {
        Map<String, Integer> counts = p.referenceCounts();
        if (counts.isEmpty()) {
            return "no references";
        }
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))
                + " reference" + (p.references().size() == 1 ? "" : "s");
    }
}
