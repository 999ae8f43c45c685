using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Tests.Mapping.Emsi;

/// <summary>
/// The RC-EDA example <c>RC-EDA_Incendie_RaymondeLECCIA.01.json</c>, built by hand in canonical form (the RC-EDA
/// mapper is written apart), then written as EMSI.
/// </summary>
[TestClass]
public sealed class When_an_RC_EDA_case_is_translated_to_EMSI
{
    private const string CaseId = "fr.fire.CGA_national.SC-20240813-CGA_national-AT517";

    private static JsonObject Translated(Action<Incident>? change = null)
    {
        var message = IncendieRaymondeLeccia();
        change?.Invoke(message.Incident!);
        return new EmsiMapper().Write(message);
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    [TestMethod]
    public void The_main_event_is_the_shared_case_and_the_event_the_sender_case()
    {
        var evt = Translated()["EVENT"]!;

        Assert.AreEqual(CaseId, Text(evt["MAIN_EVENT_ID"]));
        Assert.AreEqual("SC-20240813-XXX-cga-AT517", Text(evt["ID"]));
        Assert.AreEqual("Incendie - Bâtiment d'habitation - Guichen", Text(evt["NAME"]));
        Assert.AreEqual("2024-08-13T10:20:00+02:00", Text(evt["DECL_DATIME"]));
        Assert.AreEqual("FIR", Text(evt["ETYPE"]!["CATEGORY"]![0]));
    }

    [TestMethod]
    public void The_position_is_the_location_point_with_its_address()
    {
        var geo = Translated()["EVENT"]!["EGEO"]![0]!;
        var coord = geo["POSITION"]!["COORD"]![0]!;

        Assert.AreEqual(47.9657986m, coord["LAT"]!.GetValue<decimal>());
        Assert.AreEqual(-1.7901215m, coord["LONG"]!.GetValue<decimal>());
        Assert.AreEqual("19 rue de la république, Guichen", Text(geo["POSITION"]!["ADDRESS"]![0]));
        Assert.AreEqual("111fb03a-6fd9-41e0-8e81-990c05031711", Text(geo["POSITION"]!["LOC_ID"]));
        Assert.AreEqual("Maison pavillonaire", Text(geo["POSITION"]!["NAME"]));
        Assert.AreEqual("Première maison au croisement avec le chemin qui descend vers le lotissement", Text(geo["FREETEXT"]));
        Assert.AreEqual("2024-08-13T10:20:00+02:00", Text(geo["DATIME"]));
    }

    [TestMethod]
    public void The_victims_are_the_casualties()
    {
        var casualty = Translated()["EVENT"]!["CASUALTIES"]![0]!;

        Assert.AreEqual("Nombre de victimes : NON DEFINI, victime principale : ADULTE", Text(casualty["CONTEXT"]));
        Assert.AreEqual("2024-08-13T10:20:00+02:00", Text(casualty["DATIME"]));
    }

    [TestMethod]
    public void What_EMSI_cannot_carry_is_in_the_event_free_text()
    {
        var freeText = Text(Translated()["EVENT"]!["FREETEXT"]);

        StringAssert.Contains(freeText, "Christine Michel");
        StringAssert.Contains(freeText, "+33608310965");
        StringAssert.Contains(freeText, "Voisine");
        StringAssert.Contains(freeText, "Christine MICHEL a déclaré un incendie chez sa voisine Raymonde LECCIA");
        StringAssert.Contains(freeText, "fr.fire.sisXXX.cga-XXX");
        StringAssert.Contains(freeText, "C04.02.01 - Incendie - Bâtiment d'habitation");
        StringAssert.Contains(freeText, "M01.01 - Suspicion d’arrêt cardiaque, mort subite");
        StringAssert.Contains(freeText, "L01.01.01 - Maison particulière, pavillon, à l'intérieur");
        StringAssert.Contains(freeText, "Jeune femme d'une trentaine d'années, inanimée");
        StringAssert.Contains(freeText, "INSEE 35580");
        StringAssert.Contains(freeText, "Adresse : 19 rue de la république");
    }

    [TestMethod]
    public void Risks_and_access_details_are_in_the_free_text_and_an_unmatched_nature_gets_the_generic_category()
    {
        var emsi = Translated(incident =>
        {
            incident.Qualification!.Nature = new CodedValue { Code = "C09.03.00", Label = "Fuite de gaz" };
            incident.Qualification.Risks.Add(new CodedValue { Code = "R13", Label = "Risque d'explosion, présence de gaz" });
            incident.Location!.Access = new AccessDetails { Floor = "2", Interphone = "LECCIA", AccessCodes = { "A1234" } };
        });

        var freeText = Text(emsi["EVENT"]!["FREETEXT"]);
        StringAssert.Contains(freeText, "Risques : R13 - Risque d'explosion, présence de gaz");
        StringAssert.Contains(freeText, "Accès : étage 2, interphone LECCIA, codes A1234");
        Assert.AreEqual(EmsiDefaults.EventCategory, Text(emsi["EVENT"]!["ETYPE"]!["CATEGORY"]![0]));
        Assert.AreEqual("Fuite de gaz - Guichen", Text(emsi["EVENT"]!["NAME"]));
    }

    [TestMethod]
    public void The_context_is_derived_from_the_message_without_clock_or_random()
    {
        var first = Translated();
        var context = first["CONTEXT"]!;

        Assert.AreEqual("c5ebd9ec-7cb2-4f86-9d5b-6f5d2a7b8e10", Text(context["ID"]));
        Assert.AreEqual("ACTUAL", Text(context["MODE"]));
        Assert.AreEqual("ALERT", Text(context["MSGTYPE"]));
        Assert.AreEqual("2024-08-13T10:20:05+02:00", Text(context["CREATION"]));
        Assert.AreEqual("fr.fire.sisXXX.cga-XXX", Text(context["ORIGIN"]!["ORG_ID"]));
        Assert.IsTrue(JsonNode.DeepEquals(first, Translated()));
    }

    [TestMethod]
    public void The_EMSI_is_valid_against_the_schema()
    {
        var emsi = Translated(WithRequestAnswerAndResource);

        CollectionAssert.AreEqual(Array.Empty<string>(), EmsiSchemaCheck.Problems(emsi));
    }

    [TestMethod]
    public void The_schema_check_does_find_what_is_wrong()
    {
        var emsi = Translated();
        emsi["CONTEXT"]!["MODE"] = "REAL";
        emsi["EVENT"]!.AsObject().Remove("ID");
        emsi["EVENT"]!["COLOUR"] = "red";

        Assert.HasCount(3, EmsiSchemaCheck.Problems(emsi));
    }

    [TestMethod]
    public void Every_ETYPE_the_table_produces_is_in_the_schema_enum()
    {
        var categories = EmsiSchemaCheck.EnumOf("etype", "CATEGORY");

        foreach (var (prefix, category) in EmsiEventType.Table) Assert.Contains(category, categories, prefix);
        Assert.Contains(EmsiDefaults.EventCategory, categories);
        Assert.Contains(EmsiDefaults.EventActor, EmsiSchemaCheck.EnumOf("etype", "ACTOR"));
        Assert.Contains(EmsiDefaults.MissionType, EmsiSchemaCheck.EnumOf("mission", "TYPE"));
        Assert.Contains(EmsiDefaults.MissionStatus, EmsiSchemaCheck.EnumOf("mission", "STATUS"));
        Assert.Contains(EmsiDefaults.SecurityClass, EmsiSchemaCheck.EnumOf("context", "SECLASS"));
        Assert.Contains(EmsiDefaults.ResourceClass, EmsiSchemaCheck.EnumOf("rtype", "RCLASS"));
    }

    [TestMethod]
    [DataRow("C01.01.00", "TRP/CRS")]
    [DataRow("C04.02.01", "FIR")]
    [DataRow("C08.01.00", "FLD")]
    [DataRow("C09.03.00", "PSW")]
    [DataRow(null, "PSW")]
    public void The_nature_de_fait_gives_an_approximate_category(string? nature, string category)
    {
        Assert.AreEqual(category, EmsiEventType.CategoryOf(nature));
    }

    [TestMethod]
    public void A_request_for_assistance_and_its_answer_become_missions()
    {
        var missions = Translated(WithRequestAnswerAndResource)["MISSION"]!.AsArray();

        Assert.AreEqual("#DEMANDE_CONCOURS#CARENCE#Z.01.00.00#", Text(missions[0]!["NAME"]));
        Assert.AreEqual("#REPONSE_DEMANDE_CONCOURS#REFUS#", Text(missions[1]!["NAME"]));
        Assert.AreEqual("DC-1", Text(missions[1]!["PARENT_MISSION_ID"]![0]));
        Assert.AreEqual("Aucun moyen disponible", Text(missions[1]!["FREETEXT"]));
    }

    [TestMethod]
    public void Its_own_EMSI_read_back_keeps_the_case_identity_and_request()
    {
        var read = EmsiExamples.Read(Translated(WithRequestAnswerAndResource)).Incident!;

        Assert.AreEqual(CaseId, read.Identity.CaseId);
        Assert.AreEqual(AssistanceAnswerKind.Refused, read.AssistanceRequests.Single().Answers.Single().Kind);
        Assert.AreEqual("Aucun moyen disponible", read.AssistanceRequests.Single().Answers.Single().Reason);
    }

    private static void WithRequestAnswerAndResource(Incident incident)
    {
        incident.AssistanceRequests.Add(new AssistanceRequest
        {
            Id = "DC-1",
            Reason = "CARENCE",
            RequestedCode = "Z.01.00.00",
            RequestedAt = DateTimeOffset.Parse("2024-08-13T10:25:00+02:00"),
            RequestingOrganization = "fr.fire.sisXXX.cga-XXX",
            Answers = { new AssistanceAnswer { Kind = AssistanceAnswerKind.Refused, Reason = "Aucun moyen disponible" } },
        });
        incident.Resources.Add(new EngagedResource
        {
            ResourceId = "fr.fire.sis035.cgo-035.VSAV1",
            VehicleType = "SIS",
            StatusHistory = { new ResourceStatus { Status = "ARRIVEE", At = DateTimeOffset.Parse("2024-08-13T10:35:00+02:00") } },
        });
    }

    /// <summary>The RC-EDA example's values, as the RC-EDA mapper will put them on the model.</summary>
    private static CanonicalMessage IncendieRaymondeLeccia()
    {
        var creation = DateTimeOffset.Parse("2024-08-13T10:20:00+02:00");
        var provenance = new Provenance("fr.fire.sisXXX.cga-XXX", creation, MessageFamilies.CaseCreation);
        var nature = new CodedValue { Code = "C04.02.01", Label = "Incendie - Bâtiment d'habitation" };
        var locationKind = new CodedValue { Code = "L01.01.01", Label = "Maison particulière, pavillon, à l'intérieur" };
        var healthMotive = new CodedValue { Code = "M01.01", Label = "Suspicion d’arrêt cardiaque, mort subite" };
        IncidentLocation Location() => new()
        {
            LocationId = "111fb03a-6fd9-41e0-8e81-990c05031711",
            Label = "Maison pavillonaire",
            Address = new Address { Complete = "rue de la république", Number = "19", Way = new WayName { Type = "Rue", Name = "de la république", Complete = "rue de la république" } },
            Commune = new Commune { Name = "Guichen", InseeCode = "35580" },
            Country = "FR",
            FreeText = "Première maison au croisement avec le chemin qui descend vers le lotissement",
            Point = new GeoPoint { Latitude = 47.9657986m, Longitude = -1.7901215m, Precision = "ADRESSE" },
            PositionTime = creation,
            Provenance = provenance,
        };
        var contact = new Contact { Type = "TEL", Detail = "+33608310965", Channel = "PERSONNE" };
        return new CanonicalMessage
        {
            Family = MessageFamilies.CaseCreation,
            Distribution = new Distribution
            {
                DistributionId = "fr.fire.sisXXX.cga-XXX_c5ebd9ec",
                SenderId = "fr.fire.sisXXX.cga-XXX",
                SentAt = DateTimeOffset.Parse("2024-08-13T10:20:05+02:00"),
                ExpiresAt = DateTimeOffset.Parse("2024-08-14T10:20:05+02:00"),
                Status = "Actual",
                Kind = "Report",
                Header = new MessageHeader { MessageId = "c5ebd9ec-7cb2-4f86-9d5b-6f5d2a7b8e10" },
            },
            Incident = new Incident
            {
                Identity = { CaseId = CaseId, SenderCaseId = "SC-20240813-XXX-cga-AT517" },
                CreatedAt = creation,
                Qualification = new Qualification
                {
                    Nature = nature,
                    LocationKind = locationKind,
                    HealthMotive = healthMotive,
                    Victims = new Victims
                    {
                        Count = "NON DEFINI",
                        MainVictim = "ADULTE",
                        FreeText = "Jeune femme d'une trentaine d'années, inanimée, a priori Raymonde LECCIA la propriétaire des lieux",
                    },
                    Provenance = provenance,
                },
                Location = Location(),
                Alerts =
                {
                    new Alert
                    {
                        Id = "CGAXXX-20240813-AT517",
                        ReceivedAt = creation,
                        Reporting = "STANDARD",
                        Caller = new Caller
                        {
                            Contact = contact,
                            CallbackContact = contact,
                            FreeText = "Voisine",
                            Name = new PersonName { Complete = "Christine Michel", LastName = "Michel", FirstName = "Christine" },
                            Type = "TIERS",
                            Communication = "AUCUNE",
                            Language = "fr",
                        },
                        Location = Location(),
                        Qualification = new Qualification { Nature = nature, LocationKind = locationKind, HealthMotive = healthMotive, Victims = new Victims { Count = "INCONNU" } },
                        CallTaker = new CallTaker { ControlRoom = "CGAXX", Organization = "fr.fire.sisXXX.cga-XXX" },
                        Notes =
                        {
                            new Note
                            {
                                CreatedAt = creation,
                                Text = "Christine MICHEL a déclaré un incendie chez sa voisine Raymonde LECCIA ; jeune-femme inanimée au milieu du salon découverte pendnat l'intervention, en arrêt cardiaque ; a priori la propriétaire des lieux, Raymonde LECCIA, une trentaine d'années",
                            },
                        },
                        Provenance = provenance,
                    },
                },
            },
        };
    }
}
